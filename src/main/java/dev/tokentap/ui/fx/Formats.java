package dev.tokentap.ui.fx;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
    return n == null ? NOT_REPORTED : grouped(n);
  }

  /** Tokens per second: {@code 48.2} */
  public static String rate(Double perSecond) {
    return perSecond == null ? NOT_REPORTED : decimals(perSecond, 1);
  }

  /** Milliseconds, as ms below 10 s and seconds above: {@code 412 ms}, {@code 12.4 s}. */
  public static String millis(Double ms) {
    if (ms == null) {
      return NOT_REPORTED;
    }
    if (ms < 10_000) {
      return decimals(ms, 0) + " ms";
    }
    return decimals(ms / 1000, 1) + " s";
  }

  /** A fraction as a percentage: {@code 87%}. */
  public static String percent(Double fraction) {
    return fraction == null ? NOT_REPORTED : decimals(fraction * 100, 0) + "%";
  }

  /** Local wall-clock time of day: {@code 14:03:27}. */
  public static String timeOfDay(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Local date and time with milliseconds. */
  public static String dateTime(long epochMillis) {
    return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /*
   * The table formats thousands of cells a second while exchanges run; String.format builds a
   * Formatter for each, which was the FX thread's largest source of garbage. These two write the
   * same text as "%,d" and "%.Nf" (Locale.ROOT) for less.
   */

  /** As {@code String.format(Locale.ROOT, "%,d", n)}. */
  static String grouped(long n) {
    String digits = Long.toString(n);
    int sign = n < 0 ? 1 : 0;
    int length = digits.length() - sign;
    if (length <= 3) {
      return digits;
    }
    StringBuilder b = new StringBuilder(digits.length() + length / 3);
    int first = sign + (length % 3 == 0 ? 3 : length % 3);
    b.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      b.append(',').append(digits, i, i + 3);
    }
    return b.toString();
  }

  /**
   * As {@code String.format(Locale.ROOT, "%.<places>f", v)}: both round the shortest decimal that
   * names the double half up. Negative, infinite and NaN values (never shown in a table) go to
   * String.format itself, which writes the sign of a negative zero.
   */
  static String decimals(double v, int places) {
    if (!(v >= 0) || Double.isInfinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
      return String.format(Locale.ROOT, "%." + places + "f", v);
    }
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).toPlainString();
  }
}
