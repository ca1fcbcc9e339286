package dev.tokentap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finding and asking external tools (nginx, wrk) about themselves. */
final class Tools {
  private Tools() {}

  /** An executable named {@code name} on PATH, else {@code fallback} if executable, else null. */
  static Path find(String name, String fallback) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    if (fallback != null && Files.isExecutable(Path.of(fallback))) {
      return Path.of(fallback);
    }
    return null;
  }

  /** Runs a short command, returns its stdout and stderr together (at most 10 s, 64 KiB). */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        byte[] out = in.readNBytes(64 * 1024);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
