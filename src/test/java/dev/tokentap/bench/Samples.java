package dev.tokentap.bench;

import java.util.Arrays;

/** A growable list of durations in nanoseconds, with the percentiles the report needs. */
final class Samples {
  private long[] values = new long[1024];
  private int size;
  private boolean sorted;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  int size() {
    return size;
  }

  /** The nearest-rank percentile ({@code p} in 0..100) in milliseconds; NaN when empty. */
  double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(p / 100.0 * size);
    return values[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
  }

  double p50() {
    return percentileMillis(50);
  }

  double p99() {
    return percentileMillis(99);
  }

  double maxMillis() {
    return percentileMillis(100);
  }
}
