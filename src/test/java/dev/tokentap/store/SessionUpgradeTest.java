package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session files of an older schema are upgraded step by step in a copy, never in place. */
class SessionUpgradeTest {

  @TempDir Path dir;

  @Test
  void aCurrentSessionFileOpensAsItIs() throws Exception {
    Path file = session(Migrations.ALL, ExchangeStore.SESSION_FORMAT_VERSION);
    Path work = Files.createDirectory(dir.resolve("work"));
    try (ExchangeStore store = ExchangeStore.openSession(file, work)) {
      assertThat(store.databaseFile()).isEqualTo(file.toAbsolutePath());
      assertThat(store.meta(ExchangeStore.SESSION_FORMAT_KEY)).contains("2");
      assertThat(store.summary().exchanges()).isZero();
      assertThat(store.summary().models()).isEmpty();
    }
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aFormatOneSessionFileOpensAsAFormatTwoCopy() throws Exception {
    Path file = session(Migrations.ALL.subList(0, 2), 1);
    byte[] before = Files.readAllBytes(file);
    Path work = Files.createDirectory(dir.resolve("work"));
    try (ExchangeStore store = ExchangeStore.openSession(file, work)) {
      assertThat(store.databaseFile()).isNotEqualTo(file.toAbsolutePath());
      assertThat(store.meta(ExchangeStore.SESSION_FORMAT_KEY)).contains("2");
      assertThat(store.meta("schema_version")).contains("" + Migrations.LATEST);
      assertThat(store.eventTimes(1)).isEmpty();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(SessionUpgrade.version(file)).isEqualTo(2);
  }

  @Test
  void readableSessionFormats() {
    assertThat(ExchangeStore.readsSessionFormat("1")).isTrue();
    assertThat(ExchangeStore.readsSessionFormat("2")).isTrue();
    assertThat(ExchangeStore.readsSessionFormat("3")).isFalse();
    assertThat(ExchangeStore.readsSessionFormat("0")).isFalse();
    assertThat(ExchangeStore.readsSessionFormat("two")).isFalse();
    assertThat(ExchangeStore.readsSessionFormat(null)).isFalse();
  }

  @Test
  void anOlderSchemaIsMigratedInACopyThroughEveryLaterStep() throws Exception {
    Path file = session(Migrations.ALL, 2);
    byte[] before = Files.readAllBytes(file);
    List<Migrations.Migration> chain = new ArrayList<>(Migrations.ALL);
    chain.add(
        new Migrations.Migration(
            Migrations.LATEST + 1,
            "a test step",
            List.of("ALTER TABLE exchanges ADD COLUMN upgraded_by_test INTEGER")));
    chain.add(
        new Migrations.Migration(
            Migrations.LATEST + 2,
            "another test step",
            List.of("CREATE TABLE step_two (x INTEGER)")));

    Path copy = SessionUpgrade.upgradeCopy(file, dir.resolve("copy.tokentap"), chain);

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(SessionUpgrade.version(file)).isEqualTo(Migrations.LATEST);
    assertThat(SessionUpgrade.version(copy)).isEqualTo(Migrations.LATEST + 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT upgraded_by_test FROM exchanges").close();
      s.executeQuery("SELECT x FROM step_two").close();
      try (ResultSet rs =
          s.executeQuery("SELECT value FROM meta WHERE key = 'session_format_version'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("2");
      }
    }
  }

  /** An empty session file of the schema {@code chain} makes and session format {@code format}. */
  private Path session(List<Migrations.Migration> chain, int format) throws Exception {
    Path file = dir.resolve("v" + format + ".tokentap");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      Migrations.migrate(c, 0, chain);
      Migrations.putMeta(c, SessionFileWriter.FORMAT_KEY, Integer.toString(format));
    }
    return file;
  }

  /**
   * Turns a session file of this build into what TokenTap wrote as format 1: schema 2, which is
   * schema 3 without {@code event_times}.
   */
  static void downgradeToFormatOne(Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE rollups");
      s.execute("DROP TABLE client_rollups");
      dev.tokentap.testing.SyntheticStore.undoSchemasAfterFour(s);
      s.execute("DROP TABLE event_times");
      s.execute("PRAGMA user_version = 2");
      Migrations.putMeta(c, "schema_version", "2");
      Migrations.putMeta(c, SessionFileWriter.FORMAT_KEY, "1");
      s.execute("VACUUM");
    }
  }
}
