package dev.tokentap.ui.inspector;

import dev.tokentap.model.EventTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's events over time, thinned for a small chart: at most {@link #MAX_POINTS} points (every
 * k-th event, the last one always), plus the stalls (gaps of at least {@link #STALL_MS}) and TTFT.
 *
 * @param points (ms since the request, event number from 1), in time order
 * @param stalls events that came after a gap of at least {@link #STALL_MS}, at most {@link
 *     #MAX_POINTS}
 * @param ttftMs time to the first token, null when not known
 * @param events how many events were measured
 */
record Timeline(List<Point> points, List<Point> stalls, Double ttftMs, int events) {

  /** The most points the chart draws. */
  static final int MAX_POINTS = 2_000;

  /** A gap at least this long is a stall. */
  static final double STALL_MS = 1_000;

  static final Timeline EMPTY = new Timeline(List.of(), List.of(), null, 0);

  /** One point: x in ms, y the event's number, and the gap before it in ms. */
  record Point(double ms, int event, double gapMs) {}

  static Timeline of(EventTimes times, Double ttftMs) {
    int n = times.count();
    if (n == 0) {
      return new Timeline(List.of(), List.of(), ttftMs, 0);
    }
    int step = (n + MAX_POINTS - 1) / MAX_POINTS;
    List<Point> points = new ArrayList<>(Math.min(n, MAX_POINTS) + 1);
    List<Point> stalls = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < n; i++) {
      double ms = times.offsetMicros(i) / 1000.0;
      double gap = i == 0 ? ms : ms - previous;
      Point p = new Point(ms, i + 1, gap);
      if (i % step == 0 || i == n - 1) {
        points.add(p);
      }
      if (i > 0 && gap >= STALL_MS && stalls.size() < MAX_POINTS) {
        stalls.add(p);
      }
      previous = ms;
    }
    return new Timeline(List.copyOf(points), List.copyOf(stalls), ttftMs, n);
  }
}
