package dev.tokentap.store;

import java.util.Arrays;

/**
 * How a measure's values spread, as read from a {@link Distribution}: each value known within ±1 %
 * ({@link Distribution#RELATIVE_ERROR}), so any histogram drawn from it is exact but for values on
 * a bin edge. Immutable; built from the rollups whatever the history's size.
 */
public final class ValueHistogram {

  /** No values. */
  public static final ValueHistogram EMPTY = new ValueHistogram(new double[0], new long[0]);

  private final double[] values; // ascending
  private final long[] counts;

  ValueHistogram(double[] values, long[] counts) {
    this.values = values;
    this.counts = counts;
  }

  /** How many values. */
  public long count() {
    return Arrays.stream(counts).sum();
  }

  /** The smallest value; NaN when there is none. */
  public double min() {
    return values.length == 0 ? Double.NaN : values[0];
  }

  /** The largest value; NaN when there is none. */
  public double max() {
    return values.length == 0 ? Double.NaN : values[values.length - 1];
  }

  /**
   * How many values fall in each bin {@code [edges[i], edges[i + 1])}, the last bin closed; values
   * below the first edge count in the first bin and values above the last in the last, so the
   * counts add up to {@link #count()}.
   *
   * @param edges at least two, ascending
   */
  public long[] counts(double[] edges) {
    if (edges.length < 2) {
      throw new IllegalArgumentException("a histogram needs at least two edges");
    }
    long[] bins = new long[edges.length - 1];
    for (int i = 0; i < values.length; i++) {
      int bin = Arrays.binarySearch(edges, values[i]);
      bin = bin >= 0 ? bin : -bin - 2; // the edge at or below the value
      bins[Math.clamp(bin, 0, bins.length - 1)] += counts[i];
    }
    return bins;
  }

  /** Equal when they hold the same values with the same counts. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ValueHistogram h
        && Arrays.equals(values, h.values)
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ValueHistogram[" + count() + " values, " + min() + ".." + max() + "]";
  }
}
