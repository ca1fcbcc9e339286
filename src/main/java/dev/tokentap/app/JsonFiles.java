package dev.tokentap.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The small JSON files TokenTap keeps beside each other (config.json, window.json). */
final class JsonFiles {

  private JsonFiles() {}

  /**
   * Writes {@code root} pretty-printed to {@code file}: into a temporary file in the same directory
   * (created 0700 if missing), then renamed over {@code file}, atomically where the file system
   * can. A reader sees the old file or the new one, never half of one; the temporary file is gone
   * afterwards either way. The file is readable by its owner only (0600, like a temporary file):
   * the config may hold an upstream URL with a password. The caller says what a failure means.
   */
  static void writeAtomically(Path file, JsonNode root) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      PrivateFiles.dir(dir);
    }
    Path temp = Files.createTempFile(dir, stem(file), ".json.tmp"); // 0600 on POSIX
    try {
      Files.writeString(
          temp, Config.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** "config" for config.json: the temporary file's prefix. */
  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
