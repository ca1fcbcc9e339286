package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ExchangePoint;
import java.time.Duration;
import java.util.List;

/**
 * What the charts draw for one refresh, ready to plot: one point per bucket, or per request when
 * the range holds only a handful of buckets' worth of traffic. Immutable.
 *
 * @param from the x axis' start, epoch ms: the range's start, or its first exchange when later
 * @param until the x axis' end, epoch ms
 * @param width the bucket width
 * @param perRequest whether the speed and TTFT series hold one point per exchange (a sparse range)
 *     rather than bucket means
 * @param genTps mean generation speed per bucket (buckets where some exchange had one)
 * @param promptTps mean prompt processing speed per bucket, likewise
 * @param ttftMs mean time to first token per bucket, likewise
 * @param tokensPerMinute per series (top models, then "other"): prompt + generated tokens per
 *     minute in every bucket from the first to the last one with traffic (0 where there was none),
 *     so the series stack
 * @param exchanges the newest exchanges of the range, for the scatter charts
 */
public record DashboardCharts(
    long from,
    long until,
    Duration width,
    boolean perRequest,
    List<Point> genTps,
    List<Point> promptTps,
    List<Point> ttftMs,
    List<Series> tokensPerMinute,
    Sample exchanges) {

  /** Nothing to draw. */
  public static final DashboardCharts EMPTY =
      new DashboardCharts(
          0, 0, Duration.ZERO, false, List.of(), List.of(), List.of(), List.of(), Sample.NONE);

  public DashboardCharts {
    genTps = List.copyOf(genTps);
    promptTps = List.copyOf(promptTps);
    ttftMs = List.copyOf(ttftMs);
    tokensPerMinute = List.copyOf(tokensPerMinute);
  }

  /** True when no bucket has any traffic. */
  public boolean isEmpty() {
    return tokensPerMinute.isEmpty() && genTps.isEmpty() && ttftMs.isEmpty();
  }

  /**
   * The exchanges the scatter charts draw: the newest ones of the range.
   *
   * @param points newest first, at most {@link DashboardReader#MAX_POINTS}
   * @param ofRequests how many exchanges the range holds (more than {@code points} when sampled)
   */
  public record Sample(List<ExchangePoint> points, long ofRequests) {
    /** No exchanges. */
    public static final Sample NONE = new Sample(List.of(), 0);

    public Sample {
      points = List.copyOf(points);
    }

    /** Whether every exchange of the range is drawn. */
    public boolean complete() {
      return points.size() >= ofRequests;
    }
  }

  /**
   * One bucket's value.
   *
   * @param start the bucket's start (or the exchange's, per request), epoch ms
   * @param value its value
   * @param id the exchange's id when the point is one exchange, else 0
   */
  public record Point(long start, double value, long id) {
    public Point(long start, double value) {
      this(start, value, 0);
    }
  }

  /**
   * One named series.
   *
   * @param name the model, {@code other}, or {@code (no model)}
   * @param points its points, oldest first
   */
  public record Series(String name, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }
}
