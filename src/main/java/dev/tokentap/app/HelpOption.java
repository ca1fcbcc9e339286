package dev.tokentap.app;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help}, mixed into every command: its usage on stdout, exit 0. */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this text")
  boolean help;
}
