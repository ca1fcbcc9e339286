package dev.tokentap.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One bucket of the dashboard's charts: the exchanges that started in {@code [start, start +
 * width)}. Means are over the exchanges that have the value, null when none has.
 *
 * @param start the bucket's start, epoch ms (a multiple of the width, see {@link
 *     ExchangeStore#timeBuckets})
 * @param requests how many exchanges
 * @param meanGenTps the mean {@code gen_tps}
 * @param meanPromptTps the mean {@code prompt_tps}
 * @param meanTtftMs the mean {@code ttft_ms}
 * @param models tokens per series: the top models of the whole range, then {@code other}; the same
 *     series in the same order in every bucket of one call
 */
public record TimeBucket(
    long start,
    long requests,
    Double meanGenTps,
    Double meanPromptTps,
    Double meanTtftMs,
    List<ModelTokens> models) {

  /** The name of the series the models outside the top ones are folded into. */
  public static final String OTHER = "other";

  /** The most buckets {@link #widthFor(Instant, Instant)} aims for: about what a chart can draw. */
  public static final int MAX_BUCKETS = 200;

  private static final List<Duration> WIDTHS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(28));

  public TimeBucket {
    models = List.copyOf(models);
  }

  /**
   * One series' share of a bucket.
   *
   * @param model the model; null for exchanges without one; {@link #OTHER} when {@code other}
   * @param other true for the series the models outside the top ones are folded into (so a model
   *     that happens to be called "other" is not mistaken for it)
   * @param requests how many of the bucket's exchanges
   * @param promptTokens the sum of their known {@code prompt_tokens}: 0 when there were none, null
   *     when none of them reported it
   * @param completionTokens the sum of their known {@code completion_tokens}, likewise
   */
  public record ModelTokens(
      String model, boolean other, long requests, Long promptTokens, Long completionTokens) {

    /** Prompt plus completion tokens (the known ones), null when neither is known. */
    public Long tokens() {
      if (promptTokens == null && completionTokens == null) {
        return null;
      }
      return (promptTokens == null ? 0 : promptTokens)
          + (completionTokens == null ? 0 : completionTokens);
    }
  }

  /**
   * A bucket width for a chart of {@code [from, until)}: the smallest of 1, 2, 5, 10, 15, 30 s, 1,
   * 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1, 2, 7, 14, 28 days that gives at most {@link
   * #MAX_BUCKETS} buckets (28 days when even that gives more). For an open range, pass the range's
   * {@link RangeStats#firstStartedAt()} and {@link RangeStats#lastStartedAt()}.
   */
  public static Duration widthFor(Instant from, Instant until) {
    return widthFor(from, until, MAX_BUCKETS);
  }

  /** As {@link #widthFor(Instant, Instant)}, for at most {@code maxBuckets} buckets. */
  public static Duration widthFor(Instant from, Instant until, int maxBuckets) {
    if (maxBuckets < 1) {
      throw new IllegalArgumentException("maxBuckets must be at least 1: " + maxBuckets);
    }
    long span = Math.max(0, until.toEpochMilli() - from.toEpochMilli());
    for (Duration w : WIDTHS) {
      // buckets are aligned to the width, so a span may touch one more than span / width
      long buckets = Math.ceilDiv(span, w.toMillis()) + 1;
      if (buckets <= maxBuckets) {
        return w;
      }
    }
    return WIDTHS.getLast();
  }
}
