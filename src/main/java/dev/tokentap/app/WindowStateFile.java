package dev.tokentap.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.ui.main.ThemeChoice;
import dev.tokentap.ui.main.WindowState;
import dev.tokentap.ui.main.WindowStateStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The window's state between runs, {@code $XDG_CONFIG_HOME/tokentap/window.json} (beside the config
 * file). Read before the window opens and written when it closes, both off the FX thread. A missing
 * file is a first run; a malformed one gives the defaults and one warning line, never a failure.
 *
 * <pre>{@code {"format_version":1,"x":80,"y":40,"width":1280,"height":800,"maximized":false,
 *  "columns":{"model":180.0,...},"chart_range":"LAST_DAY","theme":"dark"}}</pre>
 */
final class WindowStateFile implements WindowStateStore {

  static final int FORMAT_VERSION = 1;

  private final Path file;
  private final PrintStream err;

  WindowStateFile(Path file, PrintStream err) {
    this.file = file;
    this.err = err;
  }

  /** window.json beside the config file {@code env} points at. */
  static WindowStateFile of(Map<String, String> env, PrintStream err) {
    return new WindowStateFile(Config.defaultFile(env).resolveSibling("window.json"), err);
  }

  Path file() {
    return file;
  }

  @Override
  public WindowState load() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return WindowState.DEFAULT;
    } catch (IOException e) {
      return warn("cannot be read (" + e.getMessage() + ")");
    }
    try {
      JsonNode root = Config.MAPPER.readTree(text);
      if (root == null || !root.isObject()) {
        return warn("does not hold a JSON object");
      }
      Map<String, Double> columns = new LinkedHashMap<>();
      JsonNode cols = root.path("columns");
      if (cols.isObject()) {
        for (Map.Entry<String, JsonNode> c : cols.properties()) {
          if (c.getValue().isNumber()) {
            columns.put(c.getKey(), c.getValue().doubleValue());
          }
        }
      }
      JsonNode range = root.path("chart_range");
      return new WindowState(
          number(root, "x"),
          number(root, "y"),
          number(root, "width"),
          number(root, "height"),
          root.path("maximized").asBoolean(false),
          columns,
          range.isTextual() ? range.asText() : null,
          theme(root.path("theme").asText("system")));
    } catch (IOException | RuntimeException e) {
      return warn("is not valid JSON");
    }
  }

  @Override
  public void save(WindowState s) {
    ObjectNode root = Config.MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    if (s.hasPosition()) {
      root.put("x", s.x());
      root.put("y", s.y());
    }
    root.put("width", s.width());
    root.put("height", s.height());
    root.put("maximized", s.maximized());
    ObjectNode cols = root.putObject("columns");
    s.columnWidths().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> cols.put(e.getKey(), e.getValue()));
    if (s.chartRange() != null) {
      root.put("chart_range", s.chartRange());
    }
    root.put("theme", s.theme().name().toLowerCase(Locale.ROOT));
    try {
      JsonFiles.writeAtomically(file, root);
    } catch (IOException e) {
      err.println("tokentap: warning: cannot save the window's state in " + file + ": " + e);
    }
  }

  private WindowState warn(String what) {
    err.println(
        "tokentap: warning: "
            + file
            + " "
            + what
            + "; the window opens with its default size (the file is replaced when it closes)");
    return WindowState.DEFAULT;
  }

  private static double number(JsonNode root, String key) {
    JsonNode n = root.path(key);
    return n.isNumber() ? n.doubleValue() : Double.NaN;
  }

  private static ThemeChoice theme(String name) {
    for (ThemeChoice c : ThemeChoice.values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return ThemeChoice.SYSTEM;
  }
}
