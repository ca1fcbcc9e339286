package dev.tokentap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening a data dir the private way ({@link PrivateFiles}): the dir created 0700 or an existing
 * one tightened, then TokenTap's files in it; and the one sentence that tells the user what was
 * changed, or what could not be.
 */
final class PrivateDataDir {

  /** TokenTap's files in a data dir: the database, its SQLite sidecars, the lock. */
  private static final List<String> FILES =
      List.of(
          ExchangeStore.DATABASE_FILE,
          ExchangeStore.DATABASE_FILE + "-wal",
          ExchangeStore.DATABASE_FILE + "-shm",
          ExchangeStore.DATABASE_FILE + "-journal",
          DataDirLock.FILE_NAME);

  private PrivateDataDir() {}

  /**
   * Creates the data dir private, or makes an existing one private; null, or one sentence when an
   * existing one was open to other users.
   */
  static String prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StoreException("Data dir " + dir + " is not a directory: choose another data dir.");
    }
    String note = null;
    if (!Files.exists(dir)) {
      try {
        // captures are redacted, but what people asked their models is nobody else's business
        PrivateFiles.dir(dir);
      } catch (IOException e) {
        throw new StoreException(
            "Cannot create data dir "
                + dir
                + " ("
                + StoreException.reason(e)
                + "): choose another data dir.",
            e);
      }
    } else {
      String before = PrivateFiles.mode(dir);
      try {
        if (PrivateFiles.dir(dir)) {
          note =
              "Data dir "
                  + dir
                  + " was open to other users ("
                  + before
                  + "): it is now "
                  + PrivateFiles.mode(dir)
                  + ", and TokenTap's files in it rw-------.";
        }
      } catch (IOException e) {
        note =
            "Data dir "
                + dir
                + " is open to other users ("
                + before
                + ") and cannot be made private ("
                + StoreException.reason(e)
                + "); TokenTap's files in it are rw------- all the same.";
      }
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException(
          "Data dir " + dir + " is not writable: fix its permissions or choose another data dir.");
    }
    return note;
  }

  /**
   * Makes TokenTap's files that exist private (a new lock or database is created so); the note to
   * give, which a failure here replaces.
   */
  static String tightenFiles(Path dir, String dirNote) {
    for (String name : FILES) {
      Path f = dir.resolve(name);
      try {
        PrivateFiles.fileIfPresent(f);
      } catch (IOException e) {
        return "Cannot make "
            + f
            + " readable by its owner only ("
            + StoreException.reason(e)
            + "): other users of this machine may be able to read it.";
      }
    }
    return dirNote;
  }
}
