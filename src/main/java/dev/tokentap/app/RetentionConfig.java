package dev.tokentap.app;

import dev.tokentap.store.RetentionPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention limits as the config file or the command line gives them: null where not given, 0 where
 * "no limit" was asked for ({@code 0} or {@code none}).
 *
 * @param maxAge exchanges older than this are deleted
 * @param maxExchanges the newest this many are kept
 * @param maxCaptureBytes captures are kept up to this many stored bytes
 * @param maxSummaryAge the per-minute to per-day summaries of periods older than this are deleted
 */
record RetentionConfig(
    Duration maxAge, Long maxExchanges, Long maxCaptureBytes, Duration maxSummaryAge) {

  static final RetentionConfig UNSET = new RetentionConfig(null, null, null, null);

  private static final Pattern AGE = Pattern.compile("([0-9]{1,9})\\s*([smhdw])");
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})\\s*([KMGT]?)(I?B)?");

  /** This, with what it leaves unset taken from {@code base}. */
  RetentionConfig over(RetentionConfig base) {
    return new RetentionConfig(
        maxAge != null ? maxAge : base.maxAge,
        maxExchanges != null ? maxExchanges : base.maxExchanges,
        maxCaptureBytes != null ? maxCaptureBytes : base.maxCaptureBytes,
        maxSummaryAge != null ? maxSummaryAge : base.maxSummaryAge);
  }

  /**
   * The policy, defaults where unset: exchanges kept forever, captures up to 1 GiB, summaries
   * forever.
   */
  RetentionPolicy toPolicy() {
    RetentionPolicy d = RetentionPolicy.DEFAULT;
    return new RetentionPolicy(
        maxAge != null ? maxAge : d.maxAge(),
        maxExchanges != null ? maxExchanges : d.maxExchanges(),
        maxCaptureBytes != null ? maxCaptureBytes : d.maxCaptureBytes(),
        maxSummaryAge != null ? maxSummaryAge : d.maxSummaryAge());
  }

  RetentionConfig withMaxAge(Duration d) {
    return new RetentionConfig(d, maxExchanges, maxCaptureBytes, maxSummaryAge);
  }

  RetentionConfig withMaxExchanges(long n) {
    return new RetentionConfig(maxAge, n, maxCaptureBytes, maxSummaryAge);
  }

  RetentionConfig withMaxCaptureBytes(long n) {
    return new RetentionConfig(maxAge, maxExchanges, n, maxSummaryAge);
  }

  RetentionConfig withMaxSummaryAge(Duration d) {
    return new RetentionConfig(maxAge, maxExchanges, maxCaptureBytes, d);
  }

  private static boolean none(String t) {
    return t.equals("0") || t.equals("none");
  }

  /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 2w}; {@code 0} or {@code none}. */
  static Duration age(String text, String what) throws UsageException {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (none(t)) {
      return Duration.ZERO;
    }
    Matcher m = AGE.matcher(t);
    if (!m.matches()) {
      throw new UsageException(
          what + " wants an age such as 7d, 12h or 30m (or 0/none: no limit), not '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** A count; {@code 0} or {@code none}: no limit. */
  static long count(String text, String what) throws UsageException {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(",", "").replace("_", "");
    if (none(t)) {
      return 0;
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(
          what + " wants a number of exchanges (or 0/none: no limit), not '" + text + "'");
    }
  }

  /** {@code 512M}, {@code 1G}, {@code 10GiB}, plain bytes; {@code 0} or {@code none}. */
  static long size(String text, String what) throws UsageException {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (none(t.toLowerCase(Locale.ROOT))) {
      return 0;
    }
    Matcher m = SIZE.matcher(t);
    if (m.matches()) {
      int shift =
          switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
          };
      long n = Long.parseLong(m.group(1));
      if (n <= (Long.MAX_VALUE >> shift)) {
        return n << shift;
      }
    }
    throw new UsageException(
        what + " wants a size such as 512M or 1G (or 0/none: no limit), not '" + text + "'");
  }
}
