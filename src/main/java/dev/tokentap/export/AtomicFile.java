package dev.tokentap.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that appears under its name complete or not at all. Writers write the temporary file
 * {@code .NAME.partial-XXXX} beside the target; {@link #commit()} forces it to disk and renames it
 * over the target in one step; {@link #discard()} (after a failure, or from a shutdown hook on
 * Ctrl-C) deletes it. Commit and discard exclude each other: once discarded, nothing is committed.
 */
public final class AtomicFile implements AutoCloseable {

  private final Path target;
  private final Path temp;
  private boolean committed; // guarded by this
  private boolean discarded; // guarded by this

  private AtomicFile(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /**
   * Creates the (empty) temporary file for {@code target} in the target's directory.
   *
   * @throws ExportException when that directory is missing or not writable, or the target is a
   *     directory
   */
  public static AtomicFile create(Path target) {
    Path file = target.toAbsolutePath().normalize();
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new ExportException(
          "Cannot write " + target + ": the directory " + dir + " does not exist.");
    }
    if (Files.isDirectory(file)) {
      throw new ExportException("Cannot write " + target + ": it is a directory.");
    }
    if (!Files.isWritable(dir)) {
      throw new ExportException(
          "Cannot write " + target + ": the directory " + dir + " is not writable.");
    }
    try {
      Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".partial-", "");
      return new AtomicFile(file, temp);
    } catch (IOException e) {
      throw new ExportException(
          "Cannot create a file in " + dir + ": " + ExportJob.reason(e) + ".", e);
    }
  }

  /** Where the writer writes. */
  public Path temp() {
    return temp;
  }

  /** The final name. */
  public Path target() {
    return target;
  }

  /** Forces the temporary file to disk and renames it to the target, replacing what was there. */
  public synchronized void commit() throws IOException {
    if (discarded) {
      throw new IOException("the export was cancelled");
    }
    if (committed) {
      return;
    }
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename " + temp + " atomically", e);
    }
    committed = true;
    forceDirectory(target.getParent());
  }

  /**
   * Deletes the temporary file, unless committed; later commits fail. Safe to call again (and
   * called again on {@link #close()}, should a writer have recreated the file after a first
   * discard).
   */
  public synchronized void discard() {
    if (committed) {
      return;
    }
    discarded = true;
    try {
      Files.deleteIfExists(temp);
      // SQLite's sidecars, should a writer have left any
      Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-journal"));
      Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-wal"));
      Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-shm"));
    } catch (IOException e) {
      // best effort: nothing carries the target's name either way
    }
  }

  /** Discards unless committed. */
  @Override
  public void close() {
    discard();
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every platform can open a directory; the rename is done either way
    }
  }
}
