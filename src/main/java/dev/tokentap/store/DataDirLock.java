package dev.tokentap.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One TokenTap per data dir: an OS lock on {@code tokentap.lock}, held while the store is open. The
 * file holds the owner's pid, to name it when a second instance is refused. The file is left in
 * place on release (deleting it could race with another instance taking it). Like every file of the
 * data dir it is readable by its owner only ({@link PrivateFiles}).
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE_NAME = "tokentap.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir}.
   *
   * @throws DataDirInUseException when another TokenTap holds it
   * @throws StoreException when the lock file cannot be created
   */
  static DataDirLock acquire(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel;
    try {
      if (!Files.exists(file)) {
        PrivateFiles.file(file); // an existing one was made private by ExchangeStore.open
      }
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException(
          "Cannot create the lock file "
              + file
              + " ("
              + StoreException.reason(e)
              + "): make the data dir writable or choose another one.",
          e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("Cannot lock " + file + " (" + StoreException.reason(e) + ").", e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new DataDirInUseException(
          "Data dir "
              + dir
              + " is already in use by another TokenTap"
              + holder(file)
              + ": stop that one or choose another data dir.");
    }
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
    } catch (IOException e) {
      // The pid is only informative; the lock is what counts.
    }
    return new DataDirLock(channel, lock);
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return pid.matches("[0-9]{1,10}") ? " (pid " + pid + ")" : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
