package dev.tokentap.app;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of {@code java -jar tokentap.jar}. Does not extend a JavaFX class, so the shaded jar
 * starts on the class path. Exit codes: 0 after a clean stop (or a finished export, prune or
 * stats), 1 when TokenTap cannot start (or an export, prune or stats fails, or the config file is
 * malformed), 2 for a malformed command line.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the command {@code args} name, printing on {@code out} and {@code err}; returns the exit
   * code. Public for benchmarks that time a command in-process.
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Command command;
    try {
      command = Cli.parse(args, env, Instant.now());
    } catch (UsageException e) {
      err.println("tokentap: " + e.getMessage());
      err.println();
      err.print(e.usage());
      return 2;
    }
    if (command instanceof HelpText help) {
      out.print(help.text());
      return 0;
    }
    if (command instanceof PruneCommand prune) {
      RetentionConfig retention = withConfigFile(prune.retention(), env, err);
      if (retention == null) {
        return 1;
      }
      return PruneRunner.run(prune.dataDir(), retention.toPolicy(), err);
    }
    if (command instanceof ExportCommand export) {
      return ExportRunner.run(export.request(), err);
    }
    if (command instanceof ReplayCommand replay) {
      return ReplayRunner.run(replay, env, out, err);
    }
    if (command instanceof StatsCommand stats) {
      return StatsRunner.run(stats, out, err);
    }
    if (command instanceof OpenCommand open) {
      if (open.headless()) {
        return OpenRunner.run(open, out, err);
      }
      RenderingChoice.apply(err); // JavaFX's pipeline, before the toolkit starts
      return OpenWindowRunner.run(open.file(), env, out, err);
    }
    Options options = (Options) command;
    options = withConfigFile(options, options.given(), env, err);
    if (options == null) {
      return 1;
    }
    if (!options.headless()) {
      RenderingChoice.apply(err); // JavaFX's pipeline, before the toolkit starts
      return DesktopApp.run(options, env, out, err);
    }
    TokenTap app = new TokenTap(options, out, err);
    try {
      app.start();
    } catch (StartupException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "tokentap-shutdown"));
    CleanStop.install();
    app.awaitStop();
    return 0;
  }

  /**
   * {@code flags} over the config file ({@code given}: the flags on the command line, which win);
   * warnings go to {@code err}. Null (after one line on {@code err}) when the config file is
   * malformed.
   */
  static Options withConfigFile(
      Options flags, Set<String> given, Map<String, String> env, PrintStream err) {
    try {
      Config config = Config.load(env);
      config.warnings().forEach(err::println);
      return config.over(flags, given);
    } catch (Config.ConfigException e) {
      err.println("tokentap: " + e.getMessage());
      return null;
    }
  }

  /**
   * {@code flags} over the config file's retention; warnings go to {@code err}. Null (after one
   * line on {@code err}) when the config file is malformed.
   */
  static RetentionConfig withConfigFile(
      RetentionConfig flags, Map<String, String> env, PrintStream err) {
    try {
      Config config = Config.load(env);
      config.warnings().forEach(err::println);
      return flags.over(config.retention());
    } catch (Config.ConfigException e) {
      err.println("tokentap: " + e.getMessage());
      return null;
    }
  }
}
