package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session files of an older schema are upgraded step by step in a copy, never in place. */
class SessionUpgradeTest {

  @TempDir Path dir;

  @Test
  void aVersionOneSessionFileOpensAsItIs() throws Exception {
    Path file = versionOneSession();
    Path work = Files.createDirectory(dir.resolve("work"));
    try (ExchangeStore store = ExchangeStore.openSession(file, work)) {
      assertThat(store.databaseFile()).isEqualTo(file.toAbsolutePath());
      assertThat(store.meta(ExchangeStore.SESSION_FORMAT_KEY)).contains("1");
      assertThat(store.summary().exchanges()).isZero();
      assertThat(store.summary().models()).isEmpty();
    }
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void anOlderSchemaIsMigratedInACopyThroughEveryLaterStep() throws Exception {
    Path file = versionOneSession();
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
        assertThat(rs.getString(1)).isEqualTo("1");
      }
    }
  }

  private Path versionOneSession() throws Exception {
    Path file = dir.resolve("v1.tokentap");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      Migrations.migrate(c, 0);
      Migrations.putMeta(c, SessionFileWriter.FORMAT_KEY, "1");
    }
    return file;
  }
}
