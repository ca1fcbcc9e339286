package dev.tokentap.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, small file system (a tmpfs) for tests of a full disk, mounted before each test where the
 * test may mount one (as root on Linux, as on CI) and unmounted after it; elsewhere the test is
 * skipped. {@link #fill} takes all its space with a file, {@link #free} deletes it.
 *
 * <pre>{@code @RegisterExtension final SmallFileSystem disk = SmallFileSystem.ofSize("4m");}</pre>
 */
public final class SmallFileSystem implements BeforeEachCallback, AfterEachCallback {

  private final String size;
  private Path root;

  private SmallFileSystem(String size) {
    this.size = size;
  }

  /** A tmpfs of {@code size}, as mount(8) takes it ("4m"). */
  public static SmallFileSystem ofSize(String size) {
    return new SmallFileSystem(size);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Path at = Files.createTempDirectory("tokentap-small-fs");
    if (!run(
        "mount",
        "-t",
        "tmpfs",
        "-o",
        "size=" + size + ",mode=0700",
        "tokentap-test",
        at.toString())) {
      Files.delete(at);
      Assumptions.abort("cannot mount a tmpfs here (not root, or not Linux)");
    }
    root = at;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (root != null) {
      run("umount", "-l", root.toString());
      Files.deleteIfExists(root);
      root = null;
    }
  }

  /** Where it is mounted. */
  public Path root() {
    return root;
  }

  /** Writes a file until the file system has no space left. */
  public void fill() throws IOException {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(filler())) {
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
    Files.deleteIfExists(filler());
  }

  private Path filler() {
    return root.resolve("filler");
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
