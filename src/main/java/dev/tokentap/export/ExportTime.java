package dev.tokentap.export;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TIME of {@code --since} and {@code --until}: an ISO-8601 instant ({@code
 * 2026-11-22T10:00:00Z}, or with an offset, {@code 2026-11-22T11:00:00+01:00}), or a span back from
 * now: {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}.
 */
public final class ExportTime {

  private static final Pattern SPAN = Pattern.compile("([0-9]{1,9})([smhd])");

  private ExportTime() {}

  /**
   * The instant {@code text} names, relative spans counted back from {@code now}.
   *
   * @throws IllegalArgumentException when it is neither form; the message says what is expected
   */
  public static Instant parse(String text, Instant now) {
    String t = text.strip();
    Matcher m = SPAN.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration span =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(span);
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "wants an ISO-8601 time such as 2026-11-22T10:00:00Z or a span back from now such as"
              + " 90s, 30m, 2h, 7d, not '"
              + text
              + "'");
    }
  }
}
