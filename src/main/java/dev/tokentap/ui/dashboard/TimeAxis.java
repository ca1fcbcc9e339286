package dev.tokentap.ui.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.NumberAxis;
import javafx.util.StringConverter;

/** A chart's x axis of epoch milliseconds, labelled with local times on round ticks. */
final class TimeAxis {

  private static final ZoneId ZONE = ZoneId.systemDefault();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter DAYS =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter DATES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZONE);

  private TimeAxis() {}

  /** An axis that {@link #fit} ranges. */
  static NumberAxis create() {
    NumberAxis x = new NumberAxis();
    x.setAutoRanging(false);
    x.setAnimated(false);
    x.setMinorTickVisible(false);
    return x;
  }

  /** Round tick distances; the axis shows about six ticks. */
  private static final List<Duration> TICKS =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(28));

  /** Sets {@code x} to run from {@code from} to {@code until} (epoch ms) with round local ticks. */
  static void fit(NumberAxis x, long from, long until) {
    long span = Math.max(1, until - from);
    long unit = TICKS.getLast().toMillis();
    for (Duration d : TICKS) {
      if (span / d.toMillis() <= 7) {
        unit = d.toMillis();
        break;
      }
    }
    // ticks on round local times: start the axis at one, a little before the range
    long offset = ZONE.getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L;
    long lower = Math.floorDiv(from + offset, unit) * unit - offset;
    x.setLowerBound(lower);
    x.setUpperBound(Math.max(until, lower + 1));
    x.setTickUnit(unit);
    long tickUnit = unit;
    DateTimeFormatter f =
        unit < Duration.ofMinutes(1).toMillis()
            ? SECONDS
            : unit >= Duration.ofDays(1).toMillis()
                ? DATES
                : span <= Duration.ofDays(1).toMillis() ? MINUTES : DAYS;
    x.setTickLabelFormatter(
        new StringConverter<>() {
          @Override
          public String toString(Number n) {
            long t = n.longValue();
            if ((t - lower) % tickUnit != 0) {
              return ""; // the axis' end, between two round ticks
            }
            return f.format(Instant.ofEpochMilli(t));
          }

          @Override
          public Number fromString(String s) {
            return null;
          }
        });
  }
}
