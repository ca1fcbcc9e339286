package dev.tokentap.app;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.fleet.OtlpSettings;
import dev.tokentap.forward.Addresses;
import dev.tokentap.forward.ForwarderSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses TokenTap's command line. Malformed input is a {@link UsageException}. */
final class CommandLine {

  static final String USAGE =
      """
      Usage: java -jar tokentap.jar [options]
             java -jar tokentap.jar --open FILE [--headless]
             java -jar tokentap.jar export --out FILE [export options]
             java -jar tokentap.jar prune [--data-dir DIR] [retention options]

      TokenTap forwards every request to a local model server untouched and records each
      exchange (tokens, speeds, cache hits, a redacted capture) in a SQLite file.

      Options:
        --headless            run without a window; log one line per exchange to stdout
        --demo                try TokenTap without a model server: a built-in simulated server
                              and generated traffic; history in a temporary dir, deleted on exit
                              (listens on a free port unless --listen is given)
        --listen HOST:PORT    where clients connect (default 127.0.0.1:8081)
        --upstream URL        the model server (default http://127.0.0.1:8080)
        --metrics-listen [HOST:]PORT
                              serve Prometheus /metrics there (default: off; a bare PORT is
                              127.0.0.1:PORT, give 0.0.0.0:PORT to let other hosts scrape)
        --data-dir DIR        where tokentap.db lives
                              (default $XDG_DATA_HOME/tokentap, else ~/.local/share/tokentap)
        --no-capture          keep metrics only, no request/response captures
        --capture-cap SIZE    bytes kept of each body, e.g. 512K, 16M (default 16M)
        --keep-age AGE        delete exchanges older than AGE, e.g. 30d, 12h (default: none)
        --keep-exchanges N    keep only the newest N exchanges (default: none)
        --keep-captures SIZE  keep captures up to SIZE in all, oldest deleted first
                              (default 1G); 0 or none means no limit for any --keep-*
        --otlp URL            send one OpenTelemetry span per model exchange to an OTLP/HTTP
                              collector, e.g. http://127.0.0.1:4318 (default: off)
        --otlp-content        with --otlp: add the redacted request and response bodies
        --open FILE           open a session (.tokentap) or HAR file read-only in a window
                              (with --headless: print a summary of it instead)
        --help                show this text
        --version             show the version
      """
          + "\n"
          + CommandLine.EXPORT_USAGE
          + "\n"
          + CommandLine.PRUNE_USAGE;

  static final String PRUNE_USAGE =
      """
      Prune: java -jar tokentap.jar prune [--data-dir DIR] [--keep-age AGE]
                [--keep-exchanges N] [--keep-captures SIZE]

      Deletes now what the retention limits do not keep (the flags override the config file,
      $XDG_CONFIG_HOME/tokentap/config.json, else ~/.config/tokentap/config.json) and gives the
      space back. Takes the data dir's lock: not while TokenTap runs on it (it prunes by itself).
      """;

  static final String EXPORT_USAGE =
      """
      Export: java -jar tokentap.jar export --out FILE [--format session|csv|har|jsonl]
                [--data-dir DIR | --from FILE] [--since TIME] [--until TIME] [--model NAME]
                [--no-bodies]

      Writes the recorded exchanges to FILE (atomically: complete or not at all). Reads the
      data dir read-only, so it works while TokenTap runs.

        --out FILE            the file written; its extension picks the format:
                              .tokentap (a session file: SQLite, captures included), .csv,
                              .har (HAR 1.2, redacted captures included) or .jsonl (chat
                              exchanges as a fine-tuning dataset)
        --format FORMAT       session, csv, har or jsonl, whatever the extension
        --data-dir DIR        read this data dir (default as above)
        --from FILE           read a session file instead of a data dir
        --since TIME          exchanges started at or after TIME
        --until TIME          exchanges started before TIME
        --model NAME          exchanges of this model only
        --no-bodies           leave request and response bodies out (session, har)
      TIME: ISO-8601 (2026-11-22T10:00:00Z) or a span back from now (90s, 30m, 2h, 7d).
      """;

  static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 8081);
  static final URI DEFAULT_UPSTREAM = URI.create("http://127.0.0.1:8080");

  private CommandLine() {}

  /**
   * Reads {@code args}: {@code export ...} is an {@link ExportCommand}, anything else {@link
   * Options} to run TokenTap. {@code now} anchors relative times ({@code --since 2h}).
   */
  static Command parseCommand(String[] args, Map<String, String> env, Instant now)
      throws UsageException {
    if (args.length > 0 && args[0].equals("export")) {
      return ExportCommandLine.parse(args, 1, env, now);
    }
    if (args.length > 0 && args[0].equals("prune")) {
      return parsePrune(args, env);
    }
    for (String arg : args) {
      if (arg.equals("--open") || arg.startsWith("--open=")) {
        return parseOpen(args);
      }
    }
    return parse(args, env);
  }

  /** {@code --open FILE [--headless]}: nothing else goes with it. */
  static OpenCommand parseOpen(String[] args) throws UsageException {
    Path file = null;
    boolean headless = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--headless")) {
        headless = true;
      } else if (arg.startsWith("--open=")) {
        file = openFile(file, arg.substring("--open=".length()));
      } else if (arg.equals("--open")) {
        file = openFile(file, value(args, ++i, arg));
      } else {
        throw new UsageException("--open takes FILE and at most --headless, not " + arg);
      }
    }
    return new OpenCommand(file, headless);
  }

  private static Path openFile(Path before, String value) throws UsageException {
    if (before != null) {
      throw new UsageException("--open takes one file");
    }
    if (value.isEmpty()) {
      throw new UsageException("--open needs a value");
    }
    return Path.of(value);
  }

  /** Reads {@code args}; {@code env} gives the environment (for the default data dir). */
  static Options parse(String[] args, Map<String, String> env) throws UsageException {
    boolean headless = false;
    boolean help = false;
    boolean version = false;
    boolean capture = true;
    boolean demo = false;
    boolean listenGiven = false;
    boolean upstreamGiven = false;
    InetSocketAddress listen = DEFAULT_LISTEN;
    URI upstream = DEFAULT_UPSTREAM;
    Path dataDir = null;
    int captureCap = ForwarderSettings.DEFAULT_CAPTURE_CAP;
    RetentionConfig retention = RetentionConfig.UNSET;
    InetSocketAddress metricsListen = null;
    URI otlp = null;
    boolean otlpContent = false;
    Flags a = new Flags(args, 0, "");
    while (a.next()) {
      String name = a.name();
      switch (name) {
        case "--headless" -> headless = a.on();
        case "--no-capture" -> capture = !a.on();
        case "--help", "-h" -> help = a.on();
        case "--version" -> version = a.on();
        case "--demo" -> demo = a.on();
        case "--listen" -> {
          listen = listenAddress(a.value());
          listenGiven = true;
        }
        case "--upstream" -> {
          upstream = upstreamUrl(a.value());
          upstreamGiven = true;
        }
        case "--data-dir" -> dataDir = Path.of(a.value());
        case "--metrics-listen" -> metricsListen = metricsAddress(a.value());
        case "--capture-cap" -> captureCap = size(a.value());
        case "--keep-age", "--keep-exchanges", "--keep-captures" ->
            retention = keep(retention, name, a.value());
        case "--otlp" -> otlp = otlpUrl(a.value());
        case "--otlp-content" -> otlpContent = a.on();
        default -> throw new UsageException("unknown option: " + a.arg());
      }
    }
    if (otlpContent && otlp == null) {
      throw new UsageException("--otlp-content goes with --otlp URL");
    }
    if (demo && (dataDir != null || upstreamGiven)) {
      throw new UsageException(
          "--demo uses its own simulated server and a temporary data dir:"
              + " leave out --upstream and --data-dir");
    }
    if (demo && !listenGiven) {
      listen = new InetSocketAddress("127.0.0.1", 0);
    }
    if (dataDir == null) {
      dataDir = defaultDataDir(env);
    }
    return new Options(
        headless,
        listen,
        upstream,
        dataDir,
        capture,
        captureCap,
        help,
        version,
        retention,
        demo,
        metricsListen,
        otlp == null ? null : new OtlpSettings(otlp, otlpContent));
  }

  /** An OTLP/HTTP collector's URL: http or https, with a host. */
  static URI otlpUrl(String text) throws UsageException {
    try {
      URI u = new URI(text.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // the message below
    }
    throw new UsageException(
        "--otlp wants an OTLP/HTTP collector URL such as http://127.0.0.1:4318, not '"
            + CaptureRedactor.redactText(text)
            + "'");
  }

  private static RetentionConfig keep(RetentionConfig r, String name, String value)
      throws UsageException {
    return switch (name) {
      case "--keep-age" -> r.withMaxAge(RetentionConfig.age(value, name));
      case "--keep-exchanges" -> r.withMaxExchanges(RetentionConfig.count(value, name));
      default -> r.withMaxCaptureBytes(RetentionConfig.size(value, name));
    };
  }

  /** The arguments after {@code prune}. */
  static PruneCommand parsePrune(String[] args, Map<String, String> env) throws UsageException {
    Path dataDir = null;
    RetentionConfig retention = RetentionConfig.UNSET;
    Flags a = new Flags(args, 1, "");
    while (a.next()) {
      String name = a.name();
      switch (name) {
        case "--help", "-h" -> {
          return new PruneCommand(null, retention, true);
        }
        case "--data-dir" -> dataDir = Path.of(a.value());
        case "--keep-age", "--keep-exchanges", "--keep-captures" ->
            retention = keep(retention, name, a.value());
        default -> throw new UsageException("prune: unknown option: " + a.arg());
      }
    }
    return new PruneCommand(dataDir == null ? defaultDataDir(env) : dataDir, retention, false);
  }

  /** The option names on {@code args} ({@code --listen=X} counts as {@code --listen}). */
  static Set<String> flagsGiven(String[] args) {
    Set<String> names = new HashSet<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        names.add(Flags.nameOf(arg));
      }
    }
    return names;
  }

  static Path defaultDataDir(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tokentap");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "share", "tokentap");
  }

  private static String value(String[] args, int i, String name) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(name + " needs a value");
    }
    return args[i];
  }

  static InetSocketAddress listenAddress(String text) throws UsageException {
    try {
      return Addresses.listenAddress(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--listen " + e.getMessage());
    }
  }

  /** {@code --metrics-listen}: HOST:PORT, or a bare PORT on the loopback address. */
  static InetSocketAddress metricsAddress(String text) throws UsageException {
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Addresses.listenAddress("127.0.0.1:" + text)
          : Addresses.listenAddress(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--metrics-listen " + e.getMessage());
    }
  }

  static URI upstreamUrl(String text) throws UsageException {
    try {
      return Addresses.upstreamUrl(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--upstream " + CaptureRedactor.redactText(e.getMessage()));
    }
  }

  /** "16M", "512K", "1G" or plain bytes. */
  static int size(String text) throws UsageException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("K")) {
      unit = 1024;
    } else if (t.endsWith("M")) {
      unit = 1024 * 1024;
    } else if (t.endsWith("G")) {
      unit = 1024L * 1024 * 1024;
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long bytes = Long.parseLong(t.trim()) * unit;
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new NumberFormatException();
      }
      return (int) bytes;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--capture-cap wants a size such as 512K or 16M (at most 2G), not '" + text + "'");
    }
  }

  /** The command line was malformed; the message says how. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
