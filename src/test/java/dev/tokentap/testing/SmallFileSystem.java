package dev.tokentap.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (a tmpfs) for tests of a full disk, where the test may mount one: as
 * root on Linux, as on CI. {@link #fill} takes all its space with a file, {@link #free} deletes it.
 */
public final class SmallFileSystem implements AutoCloseable {

  private final Path root;
  private final Path filler;

  private SmallFileSystem(Path root) {
    this.root = root;
    this.filler = root.resolve("filler");
  }

  /**
   * Mounts a tmpfs of {@code size} (such as "4m") on the empty dir {@code at}; empty if it cannot.
   */
  public static Optional<SmallFileSystem> mount(Path at, String size) throws InterruptedException {
    if (!run(
        "mount",
        "-t",
        "tmpfs",
        "-o",
        "size=" + size + ",mode=0700",
        "tokentap-test",
        at.toString())) {
      return Optional.empty();
    }
    return Optional.of(new SmallFileSystem(at));
  }

  public Path root() {
    return root;
  }

  /** Writes a file until the file system has no space left. */
  public void fill() throws IOException {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  /** Deletes what {@link #fill} wrote. */
  public void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() {
    try {
      run("umount", "-l", root.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
