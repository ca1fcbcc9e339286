package dev.tokentap.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.app.CommandLine.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config file, {@code $XDG_CONFIG_HOME/tokentap/config.json} (else {@code
 * ~/.config/tokentap/config.json}); optional. Unknown keys are warnings, anything else wrong is a
 * {@link ConfigException} (one line; TokenTap then exits with 1).
 *
 * <pre>{@code {"retention":{"max_age":"30d","max_exchanges":1000000,"max_capture_bytes":"1G"}}}
 * </pre>
 *
 * @param warnings lines to show on stderr (unknown keys)
 */
record Config(Path file, RetentionConfig retention, List<String> warnings) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Path defaultFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tokentap", "config.json");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".config", "tokentap", "config.json");
  }

  static Config load(Map<String, String> env) throws ConfigException {
    return load(defaultFile(env));
  }

  static Config load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new Config(file, RetentionConfig.UNSET, List.of());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): fix it or move it away");
    }
    if (root == null || root.isMissingNode()) {
      return new Config(file, RetentionConfig.UNSET, List.of()); // empty file
    }
    if (!root.isObject()) {
      throw new ConfigException(file + " must hold a JSON object, e.g. {\"retention\":{...}}");
    }
    List<String> warnings = new ArrayList<>();
    RetentionConfig retention = RetentionConfig.UNSET;
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getKey().equals("retention")) {
        retention = retention(file, e.getValue(), warnings);
      } else {
        warnings.add(unknown(file, e.getKey(), "retention"));
      }
    }
    return new Config(file, retention, List.copyOf(warnings));
  }

  private static RetentionConfig retention(Path file, JsonNode node, List<String> warnings)
      throws ConfigException {
    if (!node.isObject()) {
      throw new ConfigException(file + ": \"retention\" must be an object");
    }
    RetentionConfig r = RetentionConfig.UNSET;
    try {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String key = e.getKey();
        String what = file + ": retention." + key;
        switch (key) {
          case "max_age" -> r = r.withMaxAge(RetentionConfig.age(scalar(e.getValue(), what), what));
          case "max_exchanges" ->
              r = r.withMaxExchanges(RetentionConfig.count(scalar(e.getValue(), what), what));
          case "max_capture_bytes" ->
              r = r.withMaxCaptureBytes(RetentionConfig.size(scalar(e.getValue(), what), what));
          default ->
              warnings.add(
                  unknown(file, "retention." + key, "max_age, max_exchanges, max_capture_bytes"));
        }
      }
    } catch (UsageException e) {
      throw new ConfigException(e.getMessage());
    }
    return r;
  }

  private static String scalar(JsonNode v, String what) throws UsageException {
    if (v.isIntegralNumber() || v.isTextual()) {
      return v.asText();
    }
    throw new UsageException(what + " must be a string or a whole number, not " + v);
  }

  private static String unknown(Path file, String key, String known) {
    return "tokentap: warning: "
        + file
        + ": unknown key '"
        + key
        + "' ignored (known: "
        + known
        + ")";
  }

  /** The config file is unreadable or wrong; the message is one line. */
  static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }
}
