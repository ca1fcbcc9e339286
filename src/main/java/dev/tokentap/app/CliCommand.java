package dev.tokentap.app;

import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * One command of TokenTap's command line, an {@code @Command} class whose {@code @Option} fields
 * picocli fills (values checked one by one by the converters in {@link OptionValues}). A new
 * subcommand is one such class, listed in {@link MainCli}'s {@code subcommands}.
 */
interface CliCommand {

  /**
   * What to run, once the options are read; rules across options are checked here.
   *
   * @param parsed which options the command line gave ({@link ParseResult#hasMatchedOption})
   * @param env the environment, for default directories
   */
  Command command(ParseResult parsed, Map<String, String> env) throws UsageException;

  /** Put before the messages about an option's value ({@code "export: "}); none by default. */
  default String messagePrefix() {
    return "";
  }
}
