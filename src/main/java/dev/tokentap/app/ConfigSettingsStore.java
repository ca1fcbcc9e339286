package dev.tokentap.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.forward.ForwarderSettings;
import dev.tokentap.model.Addresses;
import dev.tokentap.store.RetentionPolicy;
import dev.tokentap.ui.settings.Settings;
import dev.tokentap.ui.settings.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Settings dialog's values in the config file ({@link Config}): read with the defaults where
 * the file sets nothing, checked with the command line's parsers, written atomically with the keys
 * it does not know left as they were.
 */
final class ConfigSettingsStore implements SettingsStore {

  private final Path file;

  ConfigSettingsStore(Path file) {
    this.file = file;
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public Settings load() {
    Config c;
    try {
      c = Config.load(file);
    } catch (Config.ConfigException e) {
      throw new IllegalArgumentException(TokenTapControl.capitalized(e.getMessage()), e);
    }
    RetentionPolicy r = c.retention().toPolicy();
    return new Settings(
        c.listen() != null ? Addresses.hostPort(c.listen()) : MainCli.DEFAULT_LISTEN,
        c.upstream() != null ? c.upstream().toString() : MainCli.DEFAULT_UPSTREAM,
        c.capture() == null || c.capture(),
        size(c.captureCap() != null ? c.captureCap() : ForwarderSettings.DEFAULT_CAPTURE_CAP),
        r.maxAge().isZero() ? "none" : age(r.maxAge()),
        r.maxExchanges() == 0 ? "none" : Long.toString(r.maxExchanges()),
        r.maxCaptureBytes() == 0 ? "none" : size(r.maxCaptureBytes()),
        r.maxSummaryAge().isZero() ? "none" : age(r.maxSummaryAge()),
        c.serverStatus() == null || c.serverStatus());
  }

  @Override
  public void save(Settings s) {
    try {
      OptionValues.listenAddress(s.listen());
      OptionValues.upstreamUrl(s.upstream());
      OptionValues.size(orDefault(s.captureCap(), "16M"));
      RetentionConfig.age(orDefault(s.keepAge(), "none"), "Delete older than");
      RetentionConfig.count(orDefault(s.keepExchanges(), "none"), "Keep newest exchanges");
      RetentionConfig.size(orDefault(s.keepCaptures(), "none"), "Keep captures up to");
      RetentionConfig.age(orDefault(s.keepSummaries(), "none"), "Keep summaries for");
    } catch (UsageException e) {
      throw new IllegalArgumentException(readable(e.getMessage()), e);
    }
    ObjectNode root = existing();
    root.put("listen", s.listen().strip());
    root.put("upstream", s.upstream().strip());
    root.put("server_status", s.serverStatus());
    ObjectNode capture = object(root, "capture");
    capture.put("enabled", s.capture());
    put(capture, "body_cap", s.captureCap());
    ObjectNode retention = object(root, "retention");
    put(retention, "max_age", s.keepAge());
    put(retention, "max_exchanges", s.keepExchanges());
    put(retention, "max_capture_bytes", s.keepCaptures());
    put(retention, "max_summary_age", s.keepSummaries());
    write(root);
  }

  private ObjectNode existing() {
    if (!Files.exists(file)) {
      return Config.MAPPER.createObjectNode();
    }
    try {
      JsonNode n = Config.MAPPER.readTree(Files.readString(file));
      if (n == null || n.isMissingNode()) {
        return Config.MAPPER.createObjectNode();
      }
      if (n instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // malformed: said below
    }
    throw new IllegalArgumentException(
        file + " is not a valid config file: fix it or move it away, then save again.");
  }

  private void write(ObjectNode root) {
    try {
      JsonFiles.writeAtomically(file, root);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot save the settings in " + file + ": " + e.getMessage() + ".", e);
    }
  }

  private static ObjectNode object(ObjectNode root, String key) {
    return root.get(key) instanceof ObjectNode o ? o : root.putObject(key);
  }

  /** A blank value removes the key (the default applies). */
  private static void put(ObjectNode node, String key, String value) {
    if (value == null || value.isBlank()) {
      node.remove(key);
    } else {
      node.put(key, value.strip());
    }
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }

  /** "--listen wants ..." reads "Listen wants ..." in the dialog. */
  private static String readable(String m) {
    String t = m.startsWith("--") ? m.substring(2) : m;
    t = t.replace("capture-cap", "Body size cap");
    return TokenTapControl.capitalized(t);
  }

  static String size(long bytes) {
    String[] units = {"T", "G", "M", "K"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  static String age(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return (s / 86_400) + "d";
    }
    if (s % 3600 == 0) {
      return (s / 3600) + "h";
    }
    if (s % 60 == 0) {
      return (s / 60) + "m";
    }
    return s + "s";
  }
}
