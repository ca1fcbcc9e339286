package dev.tokentap.app;

import dev.tokentap.export.ExportTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code --range} of {@code tokentap stats}: {@code today} and {@code month} start at local
 * midnight and at the 1st of the month in {@code zone}; {@code 24h}, {@code 7d} and {@code 30d}
 * slide back from now; {@code all} is everything; {@code SINCE..UNTIL} takes either side open, each
 * an ISO-8601 time, a local date or date-time of {@code zone}, or a span back from now ({@code
 * 7d..1d}). Named ranges end now.
 *
 * @param text what was given
 * @param since the first instant taken, or null (open)
 * @param until the first instant not taken, or null (open)
 */
record StatsRange(String text, Instant since, Instant until) {

  static final String DEFAULT = "today";

  /**
   * The range {@code text} names, relative ones counted back from {@code now}.
   *
   * @throws IllegalArgumentException when it is none of the forms (the message says which ones)
   */
  static StatsRange parse(String text, Instant clock, ZoneId zone) {
    Instant now = clock.truncatedTo(ChronoUnit.MILLIS); // what the store keeps
    String t = text.strip();
    return switch (t) {
      case "today" ->
          new StatsRange(t, LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant(), now);
      case "month" ->
          new StatsRange(
              t,
              LocalDate.ofInstant(now, zone).withDayOfMonth(1).atStartOfDay(zone).toInstant(),
              now);
      case "24h" -> new StatsRange(t, now.minus(Duration.ofHours(24)), now);
      case "7d" -> new StatsRange(t, now.minus(Duration.ofDays(7)), now);
      case "30d" -> new StatsRange(t, now.minus(Duration.ofDays(30)), now);
      case "all" -> new StatsRange(t, null, null);
      default -> between(t, now, zone);
    };
  }

  private static StatsRange between(String t, Instant now, ZoneId zone) {
    int dots = t.indexOf("..");
    if (dots < 0 || t.equals("..")) {
      throw new IllegalArgumentException(
          "wants today, 24h, 7d, 30d, month, all or SINCE..UNTIL (either side may be left out),"
              + " not '"
              + t
              + "'");
    }
    Instant since = side(t.substring(0, dots), "SINCE", now, zone);
    Instant until = side(t.substring(dots + 2), "UNTIL", now, zone);
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("'" + t + "': SINCE must be before UNTIL");
    }
    return new StatsRange(t, since, until);
  }

  /** One side of SINCE..UNTIL: null when empty. */
  private static Instant side(String text, String name, Instant now, ZoneId zone) {
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException notADate) {
      // a time, a local time or a span
    }
    try {
      return LocalDateTime.parse(s).atZone(zone).toInstant();
    } catch (DateTimeParseException notALocalTime) {
      // a time or a span
    }
    try {
      return ExportTime.parse(s, now);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name
              + " wants a date (2026-12-01), an ISO-8601 time (2026-12-01T12:00:00Z) or a span"
              + " back from now (90s, 30m, 2h, 7d), not '"
              + s
              + "'",
          e);
    }
  }
}
