package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ModelStats;
import dev.tokentap.store.ValueHistogram;
import dev.tokentap.ui.fx.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generation-speed histogram: the same round bins for every model, from the slowest to the
 * fastest speed in the range, each model's exchanges counted per bin.
 *
 * @param labels one per bin ({@code 40–45})
 * @param series one per model drawn, most requests first
 */
record SpeedBins(List<String> labels, List<Series> series) {

  /** The most models drawn; their order is the per-model table's. */
  static final int MAX_MODELS = DashboardReader.TOP_MODELS;

  /** About how many bins: enough to show a shape, few enough to read. */
  static final int TARGET_BINS = 12;

  static final SpeedBins EMPTY = new SpeedBins(List.of(), List.of());

  SpeedBins {
    labels = List.copyOf(labels);
    series = List.copyOf(series);
  }

  /**
   * One model's counts.
   *
   * @param model its name, as the per-model table shows it
   * @param counts how many of its exchanges fall in each bin
   */
  record Series(String model, long[] counts) {}

  /** The bins of {@code models}' generation speeds (models without any are left out). */
  static SpeedBins of(List<ModelStats> models) {
    List<ModelStats> drawn = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (ModelStats m : models) {
      ValueHistogram h = m.genTps();
      if (h.count() == 0 || drawn.size() == MAX_MODELS) {
        continue;
      }
      drawn.add(m);
      min = Math.min(min, h.min());
      max = Math.max(max, h.max());
    }
    if (drawn.isEmpty()) {
      return EMPTY;
    }
    double[] edges = edges(min, max);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i + 1 < edges.length; i++) {
      labels.add(number(edges[i]) + "–" + number(edges[i + 1]));
    }
    List<Series> series = new ArrayList<>();
    for (ModelStats m : drawn) {
      String name = m.model() == null ? DashboardReader.NO_MODEL : m.model();
      series.add(new Series(name, m.genTps().counts(edges)));
    }
    return new SpeedBins(labels, series);
  }

  /** Round edges covering {@code [min, max]}: steps of 1, 2 or 5 times a power of ten. */
  static double[] edges(double min, double max) {
    double span = Math.max(max - min, Math.max(Math.abs(max) * 0.1, 1e-3));
    double raw = span / TARGET_BINS;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = power;
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        step = m * power;
        break;
      }
    }
    double low = Math.floor(min / step) * step;
    int bins = Math.max(1, (int) Math.ceil((max - low) / step - 1e-9)); // the last bin is closed
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = low + i * step;
    }
    edges[0] = Math.min(edges[0], min); // a rounding error past the slowest
    edges[bins] = Math.max(edges[bins], max); // or short of the fastest
    return edges;
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Formats.count((long) v)
        : String.format(Locale.ROOT, "%.2g", v);
  }
}
