package dev.tokentap.app;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --keep-*} options, of TokenTap and of {@code prune}; unset ones stay null. */
final class RetentionOptions {
  @Option(
      names = "--keep-age",
      paramLabel = "AGE",
      converter = OptionValues.KeepAge.class,
      description = {"delete exchanges older than AGE, e.g. 30d, 12h", "(default: none)"})
  Duration maxAge;

  @Option(
      names = "--keep-exchanges",
      paramLabel = "N",
      converter = OptionValues.KeepExchanges.class,
      description = "keep only the newest N exchanges (default: none)")
  Long maxExchanges;

  @Option(
      names = "--keep-captures",
      paramLabel = "SIZE",
      converter = OptionValues.KeepCaptures.class,
      description = {
        "keep captures up to SIZE in all, oldest deleted",
        "first (default 1G); 0 or none means no limit for",
        "any --keep-*"
      })
  Long maxCaptureBytes;

  @Option(
      names = "--keep-summaries",
      paramLabel = "AGE",
      converter = OptionValues.KeepSummaries.class,
      description = {
        "delete the per-minute to per-day summaries (what",
        "the dashboard and stats read) older than AGE",
        "(default: none; they outlive pruned exchanges)"
      })
  Duration maxSummaryAge;

  RetentionConfig config() {
    return new RetentionConfig(maxAge, maxExchanges, maxCaptureBytes, maxSummaryAge);
  }
}
