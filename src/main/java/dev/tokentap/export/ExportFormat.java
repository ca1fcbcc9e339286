package dev.tokentap.export;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats of {@code export}, each with its file extension. */
public enum ExportFormat {
  SESSION("session", "tokentap"),
  CSV("csv", "csv"),
  HAR("har", "har"),
  JSONL("jsonl", "jsonl");

  private final String id;
  private final String extension;

  ExportFormat(String id, String extension) {
    this.id = id;
    this.extension = extension;
  }

  /** The name used with {@code --format}. */
  public String id() {
    return id;
  }

  /** The file extension, without the dot. */
  public String extension() {
    return extension;
  }

  /** The format named {@code --format NAME}, case-insensitive. */
  public static Optional<ExportFormat> byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (f.id.equals(n) || f.extension.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The format a file's extension names, case-insensitive. */
  public static Optional<ExportFormat> byExtension(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toString();
    int dot = n.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String ext = n.substring(dot + 1).toLowerCase(Locale.ROOT);
    for (ExportFormat f : values()) {
      if (f.extension.equals(ext)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
