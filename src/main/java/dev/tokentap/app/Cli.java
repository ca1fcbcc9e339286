package dev.tokentap.app;

import dev.tokentap.export.ExportTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reads TokenTap's command line with picocli from the annotated commands ({@link MainCli} and its
 * subcommands). Malformed input is a {@link UsageException} with the usage of the command
 * concerned; {@code --name value} and {@code --name=value} read the same.
 */
final class Cli {

  private Cli() {}

  /**
   * What {@code args} ask for; {@code env} gives the default data dir, {@code now} anchors relative
   * times ({@code export --since 2h}, {@code stats --range 7d}).
   */
  static Command parse(String[] args, Map<String, String> env, Instant now) throws UsageException {
    CommandLine main =
        new CommandLine(new MainCli())
            .registerConverter(Instant.class, text -> ExportTime.parse(text, now))
            .registerConverter(
                StatsRange.class, text -> StatsRange.parse(text, now, ZoneId.systemDefault()))
            .setOverwrittenOptionsAllowed(true) // the last one counts
            .setUnmatchedOptionsAllowedAsOptionParameters(false) // "--listen --bogus"
            .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    ParseResult parsed;
    try {
      parsed = main.parseArgs(args);
    } catch (ParameterException e) {
      throw new UsageException(message(e), e.getCommandLine().getUsageMessage());
    }
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    CommandLine concerned = parsed.commandSpec().commandLine();
    if (parsed.isUsageHelpRequested()) {
      return new HelpText(concerned.getUsageMessage());
    }
    if (parsed.isVersionHelpRequested()) {
      String nl = System.lineSeparator();
      return new HelpText(String.join(nl, parsed.commandSpec().version()) + nl);
    }
    try {
      return ((CliCommand) concerned.getCommand()).command(parsed, env);
    } catch (UsageException e) {
      throw new UsageException(e.getMessage(), concerned.getUsageMessage());
    }
  }

  /** {@link #parse} for {@code args} that run TokenTap (not a subcommand, help or --open). */
  static Options options(String[] args, Map<String, String> env) throws UsageException {
    if (parse(args, env, Instant.now()) instanceof Options o) {
      return o;
    }
    throw new UsageException("not a command line that runs TokenTap: " + String.join(" ", args));
  }

  /** TokenTap's words for what picocli found wrong. */
  private static String message(ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String prefix = ((CliCommand) spec.userObject()).messagePrefix();
    ParseResult partial = e.getCommandLine().getParseResult(); // as far as it got
    List<String> unknown = partial == null ? List.of() : partial.unmatched();
    if (!unknown.isEmpty()) {
      String command = spec.parent() == null ? "" : spec.name() + ": ";
      return command + "unknown option: " + unknown.getFirst();
    }
    if (e.getCause() instanceof UsageException u) {
      return prefix + u.getMessage();
    }
    ArgSpec arg =
        e instanceof MissingParameterException m && !m.getMissing().isEmpty()
            ? m.getMissing().getFirst()
            : e.getArgSpec();
    if (!(arg instanceof OptionSpec o)) {
      return prefix + e.getMessage();
    }
    String name = o.longestName();
    if (e instanceof MissingParameterException) {
      boolean named =
          partial == null
              || partial.originalArgs().stream()
                  .anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
      return named || !o.required()
          ? prefix + name + " needs a value"
          : spec.name() + " needs " + name + " " + o.paramLabel();
    }
    if (o.typeInfo().isBoolean()) {
      return prefix + name + " takes no value";
    }
    if (e.getCause() instanceof IllegalArgumentException bad) {
      return prefix + name + " " + bad.getMessage();
    }
    return prefix + e.getMessage();
  }
}
