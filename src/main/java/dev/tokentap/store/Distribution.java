package dev.tokentap.store;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A mergeable distribution of non-negative values (speeds, times): their count, their sum and a
 * log-bucketed histogram, so quantiles of any union of rollups come out within {@link
 * #RELATIVE_ERROR} of the exact ones, and means exactly.
 *
 * <p>Bucket {@code i} holds the values in {@code (γ^(i-1), γ^i]} with {@code γ = (1 + α) / (1 -
 * α)}; a value read back from it is {@code 2γ^i / (γ + 1)}, which is within {@code α} of every
 * value in the bucket (the scheme of DDSketch, Masson et al., VLDB 2019). Zero (and anything below
 * {@link #SMALLEST}) has its own count; values past {@link #LARGEST} count as {@code LARGEST}.
 *
 * <p>Stored as bytes ({@link #encode}): count, sum, zeros, then the non-empty buckets as (index
 * step, count) varints; a minute's rollup of a few exchanges takes a few dozen bytes.
 */
final class Distribution {

  /** The relative error α of every quantile: ±1 %. */
  static final double RELATIVE_ERROR = 0.01;

  private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
  private static final double LOG_GAMMA = Math.log(GAMMA);

  /** Values below this count as zero: far below any speed or time TokenTap records. */
  static final double SMALLEST = 1e-6;

  /** Values above this count as this (a year in milliseconds is 3.2e10). */
  static final double LARGEST = 1e13;

  private static final int FORMAT = 1;

  private static final int MIN_INDEX = index(SMALLEST);
  private static final int MAX_INDEX = index(LARGEST);

  private long count;
  private double sum;
  private long zeros;
  private int offset; // the bucket index of counts[0]
  private long[] counts = new long[0];
  private ByteBuffer unread; // buckets of decoded bytes, read when first needed

  /** Adds one value; a null, negative or NaN value is not a value and is left out. */
  void add(Double value) {
    if (value == null || value.isNaN() || value < 0) {
      return;
    }
    double v = Math.min(value, LARGEST);
    readBuckets();
    count++;
    sum += v;
    if (v < SMALLEST) {
      zeros++;
    } else {
      addToBucket(index(v), 1);
    }
  }

  /** Adds every value of {@code other}. */
  void merge(Distribution other) {
    if (other.count == 0) {
      return;
    }
    readBuckets();
    other.readBuckets();
    count += other.count;
    sum += other.sum;
    zeros += other.zeros;
    int first = 0;
    int last = other.counts.length - 1;
    while (first <= last && other.counts[first] == 0) {
      first++;
    }
    while (last >= first && other.counts[last] == 0) {
      last--;
    }
    if (first <= last) {
      cover(other.offset + first, other.offset + last);
    }
    for (int i = first; i <= last; i++) {
      if (other.counts[i] != 0) {
        addToBucket(other.offset + i, other.counts[i]);
      }
    }
  }

  long count() {
    return count;
  }

  double sum() {
    return sum;
  }

  /**
   * The {@code p} quantile (0..1): linear interpolation between the two nearest ranks (Hyndman and
   * Fan's type 7: {@code PERCENTILE.INC}, numpy's default; p = 0.5 is the usual median), each
   * rank's value read back from its bucket, so within {@link #RELATIVE_ERROR} of the exact answer.
   * Null when empty.
   */
  Double quantile(double p) {
    if (count == 0) {
      return null;
    }
    readBuckets();
    double rank = p * (count - 1);
    long lo = (long) Math.floor(rank);
    long hi = Math.min(lo + 1, count - 1);
    double a = valueAtRank(lo);
    double b = hi == lo ? a : valueAtRank(hi);
    return a + (rank - lo) * (b - a);
  }

  /** The values as a histogram: zeros, then each bucket's value read back, with their counts. */
  ValueHistogram histogram() {
    readBuckets();
    int n = (zeros > 0 ? 1 : 0) + (int) Arrays.stream(counts).filter(c -> c != 0).count();
    double[] values = new double[n];
    long[] numbers = new long[n];
    int k = 0;
    if (zeros > 0) {
      numbers[k++] = zeros;
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        values[k] = 2 * Math.pow(GAMMA, offset + i) / (GAMMA + 1);
        numbers[k++] = counts[i];
      }
    }
    return n == 0 ? ValueHistogram.EMPTY : new ValueHistogram(values, numbers);
  }

  /** The value of rank {@code k} (0-based, ascending), as read back from its bucket. */
  private double valueAtRank(long k) {
    if (k < zeros) {
      return 0;
    }
    long seen = zeros;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (k < seen) {
        return 2 * Math.pow(GAMMA, offset + i) / (GAMMA + 1);
      }
    }
    throw new IllegalStateException("rank " + k + " past " + count);
  }

  private static int index(double v) {
    return (int) Math.ceil(Math.log(v) / LOG_GAMMA);
  }

  private void addToBucket(int index, long n) {
    if (counts.length == 0) {
      offset = index;
      counts = new long[8];
    } else if (index < offset) {
      int grow = offset - index;
      long[] wider = new long[counts.length + grow];
      System.arraycopy(counts, 0, wider, grow, counts.length);
      counts = wider;
      offset = index;
    } else if (index - offset >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(index - offset + 1, counts.length * 2));
    }
    counts[index - offset] += n;
  }

  /**
   * Widens the buckets, in one step, to hold indices {@code lo} to {@code hi} (a day's rollup spans
   * hundreds: grown one doubling at a time, each rollup read made most of the recorder's garbage).
   */
  private void cover(int lo, int hi) {
    if (counts.length == 0) {
      offset = lo;
      counts = new long[hi - lo + 1];
      return;
    }
    int from = Math.min(lo, offset);
    int to = Math.max(hi, offset + counts.length - 1);
    if (from != offset || to != offset + counts.length - 1) {
      long[] wider = new long[to - from + 1];
      System.arraycopy(counts, 0, wider, offset - from, counts.length);
      counts = wider;
      offset = from;
    }
  }

  /** The bytes stored in a rollup; null when there are no values. */
  byte[] encode() {
    if (count == 0) {
      return null;
    }
    readBuckets();
    // the fixed part and, for most buckets, a one-byte step and a one- or two-byte count
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(32 + 3 * (int) Arrays.stream(counts).filter(c -> c != 0).count());
    out.write(FORMAT);
    writeVarLong(out, count);
    byte[] s = new byte[Double.BYTES];
    ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN).putDouble(sum);
    out.writeBytes(s);
    writeVarLong(out, zeros);
    int previous = 0;
    boolean first = true;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      int index = offset + i;
      // the first index is zigzagged (it may be negative), the later ones are steps up
      writeVarLong(out, first ? (index << 1) ^ (index >> 31) : index - previous);
      writeVarLong(out, counts[i]);
      previous = index;
      first = false;
    }
    return out.toByteArray();
  }

  /**
   * Reads what {@link #encode} wrote; null bytes are an empty distribution. The count and sum are
   * read at once, the buckets when first needed (a chart needs only means).
   */
  static Distribution decode(byte[] bytes) {
    Distribution d = new Distribution();
    if (bytes == null) {
      return d;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (in.get() != FORMAT) {
        throw new IllegalArgumentException("unknown distribution format " + bytes[0]);
      }
      d.count = readVarLong(in);
      d.sum = in.getDouble();
      d.zeros = readVarLong(in);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated distribution", e);
    }
    if (d.count < 0 || d.zeros < 0 || d.zeros > d.count) {
      throw new IllegalArgumentException("distribution counts do not add up");
    }
    d.unread = in;
    return d;
  }

  /** Reads the buckets of decoded bytes, once. */
  private void readBuckets() {
    ByteBuffer in = unread;
    if (in == null) {
      return;
    }
    unread = null;
    int[] span = {Integer.MAX_VALUE, Integer.MIN_VALUE};
    forEachBucket(
        in.duplicate(),
        (index, n) -> {
          span[0] = Math.min(span[0], index);
          span[1] = Math.max(span[1], index);
        });
    if (span[0] <= span[1]) {
      cover(span[0], span[1]);
    }
    long[] inBuckets = {0};
    forEachBucket(
        in,
        (index, n) -> {
          addToBucket(index, n);
          inBuckets[0] += n;
        });
    if (zeros + inBuckets[0] != count) {
      throw new IllegalArgumentException("distribution counts do not add up");
    }
  }

  /** One bucket read back: its index and how many values it holds. */
  private interface BucketReader {
    void read(int index, long n);
  }

  /** Reads the encoded buckets in {@code in}, checking each. */
  private static void forEachBucket(ByteBuffer in, BucketReader reader) {
    try {
      int index = 0;
      boolean first = true;
      while (in.hasRemaining()) {
        long step = readVarLong(in);
        index = first ? (int) ((step >>> 1) ^ -(step & 1)) : Math.addExact(index, (int) step);
        if (index < MIN_INDEX || index > MAX_INDEX) {
          throw new IllegalArgumentException("distribution bucket out of range: " + index);
        }
        long n = readVarLong(in);
        if (n <= 0) {
          throw new IllegalArgumentException("distribution bucket without values");
        }
        reader.read(index, n);
        first = false;
      }
    } catch (BufferUnderflowException | ArithmeticException e) {
      throw new IllegalArgumentException("truncated distribution", e);
    }
  }

  private static void writeVarLong(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarLong(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }
}
