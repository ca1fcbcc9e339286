package dev.tokentap.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config file, {@code $XDG_CONFIG_HOME/tokentap/config.json} (else {@code
 * ~/.config/tokentap/config.json}); optional. Unknown keys are warnings, anything else wrong is a
 * {@link ConfigException} (one line; TokenTap then exits with 1).
 *
 * <pre>{@code {"listen":"127.0.0.1:8081","upstream":"http://127.0.0.1:8080",
 *  "capture":{"enabled":true,"body_cap":"16M"},
 *  "retention":{"max_age":"30d","max_exchanges":1000000,"max_capture_bytes":"1G",
 *  "max_summary_age":"none"},"server_status":true}}
 * </pre>
 *
 * The window's Settings dialog writes it ({@link ConfigSettingsStore}); command-line flags override
 * it key by key ({@link #over}).
 *
 * @param listen null when not set
 * @param upstream null when not set
 * @param metricsListen {@code metrics_listen}, null when not set
 * @param capture {@code capture.enabled}, null when not set
 * @param captureCap {@code capture.body_cap} in bytes, null when not set
 * @param warnings lines to show on stderr (unknown keys)
 * @param serverStatus {@code server_status}: the window's Server tab reads the model server's
 *     status; null when not set (then on)
 */
record Config(
    Path file,
    InetSocketAddress listen,
    URI upstream,
    Boolean capture,
    Integer captureCap,
    RetentionConfig retention,
    List<String> warnings,
    InetSocketAddress metricsListen,
    Boolean serverStatus) {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The keys at the top level. */
  static final String KNOWN = "listen, upstream, capture, retention, metrics_listen, server_status";

  static Config empty(Path file) {
    return new Config(file, null, null, null, null, RetentionConfig.UNSET, List.of(), null, null);
  }

  /**
   * {@code flags} with what the command line did not give ({@code given}: the flag names on it)
   * taken from this file.
   */
  Options over(Options flags, Set<String> given) {
    Options o = flags.withRetention(flags.retention().over(retention));
    if (listen != null && !given.contains("--listen")) {
      o = o.withListen(listen);
    }
    if (metricsListen != null && !given.contains("--metrics-listen")) {
      o = o.withMetricsListen(metricsListen);
    }
    if (upstream != null && !given.contains("--upstream")) {
      o = o.withUpstream(upstream);
    }
    if (capture != null && !given.contains("--no-capture")) {
      o = o.withCapture(capture);
    }
    if (captureCap != null && !given.contains("--capture-cap")) {
      o = o.withCaptureCap(captureCap);
    }
    return o;
  }

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
      return empty(file);
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
      return empty(file); // empty file
    }
    if (!root.isObject()) {
      throw new ConfigException(file + " must hold a JSON object, e.g. {\"retention\":{...}}");
    }
    List<String> warnings = new ArrayList<>();
    RetentionConfig retention = RetentionConfig.UNSET;
    InetSocketAddress listen = null;
    URI upstream = null;
    Boolean capture = null;
    Integer captureCap = null;
    InetSocketAddress metricsListen = null;
    Boolean serverStatus = null;
    try {
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue();
        switch (e.getKey()) {
          case "retention" -> retention = retention(file, v, warnings);
          case "listen" ->
              listen =
                  OptionValues.listenAddress(text(v, file + ": \"listen\"")); // "--listen ..." msg
          case "metrics_listen" ->
              metricsListen = OptionValues.metricsAddress(text(v, file + ": \"metrics_listen\""));
          case "server_status" -> {
            if (!v.isBoolean()) {
              throw new ConfigException(file + ": \"server_status\" must be true or false");
            }
            serverStatus = v.booleanValue();
          }
          case "upstream" -> upstream = OptionValues.upstreamUrl(text(v, file + ": \"upstream\""));
          case "capture" -> {
            if (!v.isObject()) {
              throw new ConfigException(file + ": \"capture\" must be an object");
            }
            for (Map.Entry<String, JsonNode> c : v.properties()) {
              String what = file + ": capture." + c.getKey();
              switch (c.getKey()) {
                case "enabled" -> {
                  if (!c.getValue().isBoolean()) {
                    throw new ConfigException(what + " must be true or false");
                  }
                  capture = c.getValue().booleanValue();
                }
                case "body_cap" -> captureCap = bodyCap(c.getValue(), what);
                default ->
                    warnings.add(unknown(file, "capture." + c.getKey(), "enabled, body_cap"));
              }
            }
          }
          default -> warnings.add(unknown(file, e.getKey(), KNOWN));
        }
      }
    } catch (UsageException e) {
      throw new ConfigException(file + ": " + e.getMessage().replaceFirst("^--", ""));
    }
    return new Config(
        file,
        listen,
        upstream,
        capture,
        captureCap,
        retention,
        List.copyOf(warnings),
        metricsListen,
        serverStatus);
  }

  private static int bodyCap(JsonNode v, String what) throws ConfigException {
    try {
      return OptionValues.size(scalar(v, what));
    } catch (UsageException e) {
      throw new ConfigException(what + " wants a size such as 512K or 16M (at most 2G), not " + v);
    }
  }

  private static String text(JsonNode v, String what) throws ConfigException {
    if (!v.isTextual()) {
      throw new ConfigException(what + " must be a string");
    }
    return v.asText();
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
          case "max_summary_age" ->
              r = r.withMaxSummaryAge(RetentionConfig.age(scalar(e.getValue(), what), what));
          default ->
              warnings.add(
                  unknown(
                      file,
                      "retention." + key,
                      "max_age, max_exchanges, max_capture_bytes, max_summary_age"));
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
