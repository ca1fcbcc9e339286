package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only its user may read a data dir: 0700, and 0600 for the database, its WAL and SHM (which SQLite
 * creates with the database's mode) and the lock, whatever mode a dir or file already had.
 */
class PrivateDataDirTest {

  @TempDir Path parent;

  @Test
  void aDatabaseCreatedInAnOpenDirIsPrivateAndTheDirIsClosedSayingSo() throws Exception {
    Path dir = Files.createDirectory(parent.resolve("data"));
    chmod(dir, "rwxr-xr-x");
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.privacyNote())
          .isEqualTo(
              "Data dir "
                  + dir
                  + " was open to other users (rwxr-xr-x): it is now rwx------, and TokenTap's"
                  + " files in it rw-------.");
      record(store);
      assertPrivate(dir);
    }
    try (ExchangeStore again = ExchangeStore.open(dir)) {
      assertThat(again.privacyNote()).isNull(); // said once: nothing was open any more
    }
  }

  @Test
  void anExistingOpenDatabaseAndLockAreClosedToo() throws Exception {
    Path dir = parent.resolve("data");
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store);
    }
    // as an older TokenTap left them: umask 022
    chmod(dir, "rwxrwxr-x");
    chmod(dir.resolve("tokentap.db"), "rw-r--r--");
    chmod(dir.resolve("tokentap.lock"), "rw-rw-rw-");
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.privacyNote()).contains("was open to other users (rwxrwxr-x)");
      record(store);
      assertPrivate(dir);
    }
  }

  @Test
  void filesAreClosedSilentlyInADirThatWasPrivateAlready() throws Exception {
    Path dir = parent.resolve("data");
    ExchangeStore.open(dir).close();
    chmod(dir.resolve("tokentap.db"), "rw-r--r--");
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.privacyNote()).isNull();
      record(store);
      assertPrivate(dir);
    }
  }

  /** A /tmp-like dir is not closed to the others who share it; the files still are private. */
  @Test
  void aSharedDirStaysAsItIsAndTheNoteSaysWhy() throws Exception {
    Path dir = Files.createDirectory(parent.resolve("shared"));
    Files.setAttribute(dir, "unix:mode", 01777);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.privacyNote())
          .isEqualTo(
              "Data dir "
                  + dir
                  + " is open to other users (rwxrwxrwx) and cannot be made private (a directory"
                  + " shared by all users: its sticky bit is set); TokenTap's files in it are"
                  + " rw------- all the same.");
      record(store);
      assertThat(Files.getAttribute(dir, "unix:mode")).isEqualTo(041777);
      for (String name : List.of("tokentap.db", "tokentap.db-wal", "tokentap.lock")) {
        assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void nothingIsEverLoosened() throws Exception {
    Path f = Files.createFile(parent.resolve("f"));
    chmod(f, "r--r-----");
    assertThat(PrivateFiles.file(f)).isTrue();
    assertThat(mode(f)).isEqualTo("r--------");
    assertThat(PrivateFiles.file(f)).isFalse();
    Path created = parent.resolve("a/b/c");
    assertThat(PrivateFiles.dir(created)).isFalse();
    assertThat(mode(created)).isEqualTo("rwx------");
    assertThat(mode(parent.resolve("a"))).isEqualTo("rwx------");
    assertThat(PrivateFiles.file(created.resolve("new"))).isFalse();
    assertThat(mode(created.resolve("new"))).isEqualTo("rw-------");
    Path privateAndSticky = Files.createDirectory(parent.resolve("sticky"));
    Files.setAttribute(privateAndSticky, "unix:mode", 01700);
    assertThat(PrivateFiles.dir(privateAndSticky)).isFalse(); // nothing to take away: no refusal
  }

  private static void record(ExchangeStore store) throws Exception {
    Recorder r = store.startRecorder(RecorderSettings.defaults());
    assertThat(r.offer(TestExchanges.chat(store.maxId() + 1, T0))).isTrue();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (r.writtenCount() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(r.writtenCount()).isEqualTo(1);
  }

  /** Checked while the store is open, so the WAL and SHM are there. */
  private static void assertPrivate(Path dir) throws Exception {
    assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
    for (String name :
        List.of("tokentap.db", "tokentap.db-wal", "tokentap.db-shm", "tokentap.lock")) {
      assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }
}
