package dev.tokentap.app;

import dev.tokentap.export.UsageReport;
import dev.tokentap.store.UsageStats;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code tokentap stats}: requests, tokens, cache hits, speeds and times to first token over a
 * range, per group. The {@code --range} value is read by the converter {@link Cli} registers for
 * {@link StatsRange} (its clock and the system zone).
 */
@CommandLine.Command(
    name = "stats",
    synopsisHeading = "Stats: ",
    descriptionHeading = "%n",
    description = {
      "Prints usage over a range: requests, tokens, cache hits, speeds.",
      "That is requests, errors, prompt / cached / generated tokens, cache hit rate,",
      "median and p90 generation speed and time to first token (within 1 %% of the",
      "exact figures), and successful exchanges without reported usage: one total,",
      "or one row per group and the total. Reads the data dir read-only, so it works",
      "while TokenTap runs, and from per-minute summaries, so a long history answers",
      "as fast as a short one.%n"
    },
    footerHeading = "%n",
    footer = {
      "RANGE: today (from local midnight) or month (from the 1st), 24h, 7d, 30d",
      "(back from now), all, or SINCE..UNTIL, either side left out for open, each a",
      "date (2026-12-01, local midnight), an ISO-8601 time (2026-12-01T12:00:00Z)",
      "or a span back from now (7d..1d). Default: today."
    },
    sortOptions = false,
    sortSynopsis = false)
final class StatsCli implements CliCommand {

  @Mixin SourceOptions source;

  @Option(
      names = "--range",
      paramLabel = "RANGE",
      defaultValue = StatsRange.DEFAULT,
      description = "which exchanges, by start time (default ${DEFAULT-VALUE})")
  StatsRange range;

  @Option(
      names = "--by",
      paramLabel = "GROUP",
      converter = GroupBy.class,
      description = {"one row per model, client, endpoint, day or hour,", "then the total"})
  UsageStats.By by = UsageStats.By.ALL;

  @Option(names = "--model", paramLabel = "NAME", description = "exchanges of this model only")
  String model;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = Format.class,
      description = "table (default), json or csv")
  UsageReport.Format format = UsageReport.Format.TABLE;

  @Mixin HelpOption help;

  @Override
  public String messagePrefix() {
    return "stats: ";
  }

  @Override
  public Command command(ParseResult parsed, Map<String, String> env) throws UsageException {
    return new StatsCommand(
        source.source("stats", env),
        source.fromSession(),
        range,
        by,
        model,
        format,
        ZoneId.systemDefault());
  }

  static final class GroupBy extends OptionValues.Converter<UsageStats.By> {
    GroupBy() {
      super(
          text ->
              OptionValues.choice(
                  text,
                  "--by",
                  UsageStats.By.MODEL,
                  UsageStats.By.CLIENT,
                  UsageStats.By.ENDPOINT,
                  UsageStats.By.DAY,
                  UsageStats.By.HOUR));
    }
  }

  static final class Format extends OptionValues.Converter<UsageReport.Format> {
    Format() {
      super(text -> OptionValues.choice(text, "--format", UsageReport.Format.values()));
    }
  }
}
