package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreOpeningTest {

  @TempDir Path dir;

  @Test
  void aSecondOpenOfTheSameDataDirIsRefused() {
    try (ExchangeStore first = ExchangeStore.open(dir)) {
      assertThatThrownBy(() -> ExchangeStore.open(dir))
          .isInstanceOf(DataDirInUseException.class)
          .hasMessageContaining("already in use by another TokenTap")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining(dir.toString())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThat(first.count()).isZero(); // the first one is unaffected
    }
    try (ExchangeStore again = ExchangeStore.open(dir)) {
      assertThat(again.count()).isZero();
    }
  }

  @Test
  void aCorruptDatabaseGivesOneClearLine() throws Exception {
    byte[] junk = new byte[8192];
    new Random(1).nextBytes(junk);
    Files.write(dir.resolve("tokentap.db"), junk);
    assertThatThrownBy(() -> ExchangeStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            dir.resolve("tokentap.db")
                + " is not a SQLite database or is damaged: move it away (a new one is then"
                + " created) or choose another data dir.");
    // the lock was released on the way out
    Files.delete(dir.resolve("tokentap.db"));
    ExchangeStore.open(dir).close();
  }

  @Test
  void someOtherSqliteDatabaseIsNotTakenOver() throws Exception {
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (x TEXT)");
    }
    assertThatThrownBy(() -> ExchangeStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is a SQLite database but not a TokenTap one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aNewerSchemaIsRefused() throws Exception {
    ExchangeStore.open(dir).close();
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> ExchangeStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            "written by a newer TokenTap (schema 99, this one knows up to "
                + Migrations.LATEST
                + ")");
  }

  @Test
  void aDataDirThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    assertThatThrownBy(() -> ExchangeStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage("Data dir " + file + " is not a directory: choose another data dir.");
  }

  @Test
  void aMissingDataDirIsCreatedPrivate() throws Exception {
    Path nested = dir.resolve("a/b/data");
    try (ExchangeStore store = ExchangeStore.open(nested)) {
      assertThat(store.databaseFile()).exists();
    }
    assertThat(Files.getPosixFilePermissions(nested))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void readsAfterCloseFailWithStoreException() {
    ExchangeStore store = ExchangeStore.open(dir);
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(store::count).isInstanceOf(StoreException.class);
  }
}
