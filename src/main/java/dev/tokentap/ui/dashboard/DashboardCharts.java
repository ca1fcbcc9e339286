package dev.tokentap.ui.dashboard;

import java.time.Duration;
import java.util.List;

/**
 * What the charts draw for one refresh, ready to plot: one point per bucket (never one per
 * request). Immutable.
 *
 * @param from the x axis' start, epoch ms
 * @param until the x axis' end, epoch ms
 * @param width the bucket width
 * @param genTps mean generation speed per bucket (buckets where some exchange had one)
 * @param promptTps mean prompt processing speed per bucket, likewise
 * @param ttftMs mean time to first token per bucket, likewise
 * @param tokensPerMinute per series (top models, then "other"): prompt + generated tokens per
 *     minute in every bucket from the first to the last one with traffic (0 where there was none),
 *     so the series stack
 */
public record DashboardCharts(
    long from,
    long until,
    Duration width,
    List<Point> genTps,
    List<Point> promptTps,
    List<Point> ttftMs,
    List<Series> tokensPerMinute) {

  /** Nothing to draw. */
  public static final DashboardCharts EMPTY =
      new DashboardCharts(0, 0, Duration.ZERO, List.of(), List.of(), List.of(), List.of());

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
   * One bucket's value.
   *
   * @param start the bucket's start, epoch ms
   * @param value its value
   */
  public record Point(long start, double value) {}

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
