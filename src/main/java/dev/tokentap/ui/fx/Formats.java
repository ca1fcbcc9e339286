package dev.tokentap.ui.fx;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How figures are written in the window. A null is a value the server did not report: it is shown
 * as {@link #NOT_REPORTED}, never as a zero.
 */
public final class Formats {

  /** What a cell shows for a value that is not known. */
  public static final String NOT_REPORTED = "—";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private Formats() {}

  /** {@code 1,234} */
  public static String count(Long n) {
    return n == null ? NOT_REPORTED : String.format(Locale.ROOT, "%,d", n);
  }

  /** Tokens per second: {@code 48.2} */
  public static String rate(Double perSecond) {
    return perSecond == null ? NOT_REPORTED : String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** Milliseconds, as ms below 10 s and seconds above: {@code 412 ms}, {@code 12.4 s}. */
  public static String millis(Double ms) {
    if (ms == null) {
      return NOT_REPORTED;
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }

  /** A fraction as a percentage: {@code 87%}. */
  public static String percent(Double fraction) {
    return fraction == null ? NOT_REPORTED : String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  /** Local wall-clock time of day: {@code 14:03:27}. */
  public static String timeOfDay(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Local date and time with milliseconds. */
  public static String dateTime(long epochMillis) {
    return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
  }
}
