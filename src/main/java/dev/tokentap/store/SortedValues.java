package dev.tokentap.store;

import java.util.Arrays;

/** A growing list of doubles for percentiles: kept as primitives, sorted once when first asked. */
final class SortedValues {

  private double[] values = new double[64];
  private int size;
  private boolean sorted = true;

  void add(double v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
    sorted = false;
  }

  int size() {
    return size;
  }

  /**
   * The {@code p} quantile (0..1) by linear interpolation between the two nearest ranks (Hyndman
   * and Fan's type 7: {@code PERCENTILE.INC}, numpy's default; p = 0.5 is the usual median, the
   * mean of the two middle values of an even count). Null when there are no values.
   */
  Double quantile(double p) {
    if (size == 0) {
      return null;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    double rank = (size - 1) * p;
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, size - 1);
    double fraction = rank - lo;
    return fraction == 0 ? values[lo] : values[lo] * (1 - fraction) + values[hi] * fraction;
  }
}
