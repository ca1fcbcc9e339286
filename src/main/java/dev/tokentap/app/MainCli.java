package dev.tokentap.app;

import dev.tokentap.fleet.OtlpSettings;
import dev.tokentap.forward.ForwarderSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** {@code tokentap [options]}: run TokenTap, or {@code --open FILE}; and the subcommands. */
@CommandLine.Command(
    name = "java -jar tokentap.jar",
    customSynopsis = {
      "java -jar tokentap.jar [options]",
      "       java -jar tokentap.jar --open=FILE [--headless]",
      "       java -jar tokentap.jar export --out=FILE [export options]",
      "       java -jar tokentap.jar prune [--data-dir=DIR] [retention options]",
      "       java -jar tokentap.jar stats [--range=RANGE] [--by=GROUP] [stats options]",
      "       java -jar tokentap.jar replay ID [--upstream=URL] [replay options]"
    },
    descriptionHeading = "%n",
    description = {
      "TokenTap forwards every request to a local model server untouched and records",
      "each exchange (tokens, speeds, cache hits, a redacted capture) in a SQLite file."
    },
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands (java -jar tokentap.jar COMMAND --help for their options):%n",
    subcommands = {ExportCli.class, PruneCli.class, StatsCli.class, ReplayCli.class},
    versionProvider = MainCli.VersionText.class,
    sortOptions = false)
final class MainCli implements CliCommand {

  static final String DEFAULT_LISTEN = "127.0.0.1:8081";
  static final String DEFAULT_UPSTREAM = "http://127.0.0.1:8080";

  @Option(
      names = "--headless",
      description = {"run without a window; log one line per exchange", "to stdout"})
  boolean headless;

  @Option(
      names = "--demo",
      description = {
        "try TokenTap without a model server: a built-in",
        "simulated server and generated traffic; history in",
        "a temporary dir, deleted on exit (listens on a free",
        "port unless --listen is given)"
      })
  boolean demo;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = DEFAULT_LISTEN,
      converter = OptionValues.Listen.class,
      description = "where clients connect (default ${DEFAULT-VALUE})")
  InetSocketAddress listen;

  @Option(
      names = "--upstream",
      paramLabel = "URL",
      defaultValue = DEFAULT_UPSTREAM,
      converter = OptionValues.Upstream.class,
      description = "the model server (default ${DEFAULT-VALUE})")
  URI upstream;

  @Option(
      names = "--metrics-listen",
      paramLabel = "[HOST:]PORT",
      converter = OptionValues.MetricsListen.class,
      description = {
        "serve Prometheus /metrics there (default: off;",
        "a bare PORT is 127.0.0.1:PORT, give 0.0.0.0:PORT",
        "to let other hosts scrape)"
      })
  InetSocketAddress metricsListen;

  @Mixin DataDirOption dataDir;

  @Option(names = "--no-capture", description = "keep metrics only, no request/response captures")
  boolean noCapture;

  @Option(
      names = "--capture-cap",
      paramLabel = "SIZE",
      converter = OptionValues.CaptureCap.class,
      description = {"bytes kept of each body, e.g. 512K, 16M", "(default 16M)"})
  int captureCap = ForwarderSettings.DEFAULT_CAPTURE_CAP;

  @Mixin RetentionOptions retention;

  @Option(
      names = "--otlp",
      paramLabel = "URL",
      converter = OptionValues.Otlp.class,
      description = {
        "send one OpenTelemetry span per model exchange to",
        "an OTLP/HTTP collector, e.g. http://127.0.0.1:4318",
        "(default: off)"
      })
  URI otlp;

  @Option(
      names = "--otlp-content",
      description = {"with --otlp: add the redacted request and response", "bodies"})
  boolean otlpContent;

  @Option(
      names = "--open",
      paramLabel = "FILE",
      description = {
        "open a session (.tokentap) or HAR file read-only in",
        "a window (with --headless: print a summary of it",
        "instead)"
      })
  Path open;

  @Mixin HelpOption help;

  @Option(names = "--version", versionHelp = true, description = "show the version")
  boolean version;

  @Override
  public Command command(ParseResult parsed, Map<String, String> env) throws UsageException {
    if (open != null) {
      return open(parsed);
    }
    if (otlpContent && otlp == null) {
      throw new UsageException("--otlp-content goes with --otlp URL");
    }
    if (demo && (dataDir.dir != null || parsed.hasMatchedOption("--upstream"))) {
      throw new UsageException(
          "--demo uses its own simulated server and a temporary data dir:"
              + " leave out --upstream and --data-dir");
    }
    Set<String> given =
        parsed.matchedOptions().stream()
            .map(OptionSpec::longestName)
            .collect(Collectors.toUnmodifiableSet());
    return new Options(
        headless,
        demo && !given.contains("--listen") ? new InetSocketAddress("127.0.0.1", 0) : listen,
        upstream,
        dataDir.orDefault(env),
        !noCapture,
        captureCap,
        given,
        retention.config(),
        demo,
        metricsListen,
        otlp == null ? null : new OtlpSettings(otlp, otlpContent));
  }

  /** {@code --open FILE [--headless]}: nothing else goes with it. */
  private OpenCommand open(ParseResult parsed) throws UsageException {
    for (OptionSpec o : parsed.matchedOptions()) {
      if (!o.longestName().equals("--open") && !o.longestName().equals("--headless")) {
        throw new UsageException(
            "--open takes FILE and at most --headless, not " + o.longestName());
      }
    }
    if (parsed.matchedOption("--open").originalStringValues().size() > 1) {
      throw new UsageException("--open takes one file");
    }
    if (open.toString().isEmpty()) {
      throw new UsageException("--open needs a value");
    }
    return new OpenCommand(open, headless);
  }

  /** {@code --version}: TokenTap's, Java's and JavaFX's versions. */
  static final class VersionText implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return Version.describe().split("\n");
    }
  }
}
