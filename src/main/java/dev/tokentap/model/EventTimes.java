package dev.tokentap.model;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * When each event of one stream (SSE event or NDJSON line) arrived, as an offset from the request
 * start in microseconds, and whether it carried generated output (a token event). Immutable and
 * packed: one {@code long} per event, {@code offset << 1 | output}, no object per event. Offsets
 * never decrease. At most {@link #MAX_EVENTS} events are kept; later ones are only counted ({@link
 * #totalCount()}, {@link #truncated()}).
 *
 * <p>{@link #encode()} and {@link #decode(byte[])} turn it into bytes and back: a version byte
 * ({@link #ENCODING_VERSION}), the total count and the kept count as unsigned LEB128 varints, then
 * per kept event one varint of {@code (offset - previous offset) << 1 | output}. A stream of tokens
 * a few milliseconds apart takes two or three bytes per event.
 */
public final class EventTimes {

  /** The most events kept per exchange; later events are counted, not kept. */
  public static final int MAX_EVENTS = 100_000;

  /** The first byte of {@link #encode()}'s output. */
  public static final int ENCODING_VERSION = 1;

  /** The largest offset kept, in microseconds (later ones are clamped to it). */
  static final long MAX_OFFSET_MICROS = Long.MAX_VALUE >>> 1;

  /** No events. */
  public static final EventTimes EMPTY = new EventTimes(new long[0], 0);

  private final long[] packed;
  private final int totalCount;

  private EventTimes(long[] packed, int totalCount) {
    this.packed = packed;
    this.totalCount = totalCount;
  }

  /** A builder for one stream's events, in arrival order. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many events are kept (at most {@link #MAX_EVENTS}). */
  public int count() {
    return packed.length;
  }

  /** How many events the stream had, kept or not. */
  public int totalCount() {
    return totalCount;
  }

  /** True when the stream had more events than were kept. */
  public boolean truncated() {
    return totalCount > packed.length;
  }

  /** Event {@code i}'s arrival, microseconds after the request started. */
  public long offsetMicros(int i) {
    return packed[checkIndex(i)] >>> 1;
  }

  /** Whether event {@code i} carried generated output (a token event). */
  public boolean carriesOutput(int i) {
    return (packed[checkIndex(i)] & 1) != 0;
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= packed.length) {
      throw new IndexOutOfBoundsException("event " + i + " of " + packed.length);
    }
    return i;
  }

  /** The events as bytes (see the class comment); {@link #decode} reads them back. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + packed.length * 3);
    out.write(ENCODING_VERSION);
    writeVarint(out, totalCount);
    writeVarint(out, packed.length);
    long previous = 0;
    for (long p : packed) {
      long offset = p >>> 1;
      writeVarint(out, (offset - previous) << 1 | (p & 1));
      previous = offset;
    }
    return out.toByteArray();
  }

  /**
   * Reads what {@link #encode()} wrote. Never allocates more than the input justifies (each kept
   * event takes at least one byte).
   *
   * @throws IllegalArgumentException when the bytes are not event times of a known version
   *     (truncated, corrupt, trailing bytes, more than {@link #MAX_EVENTS} events)
   */
  public static EventTimes decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw corrupt("no bytes");
    }
    if (bytes[0] != ENCODING_VERSION) {
      throw corrupt("unknown version " + (bytes[0] & 0xff) + " (this build reads 1)");
    }
    Reader in = new Reader(bytes, 1);
    long total = in.varint("total count");
    long count = in.varint("event count");
    if (total > Integer.MAX_VALUE) {
      throw corrupt("total count " + total + " is too large");
    }
    if (count > MAX_EVENTS) {
      throw corrupt(count + " events kept, more than " + MAX_EVENTS);
    }
    if (count > total) {
      throw corrupt(count + " events kept of " + total);
    }
    if (count > bytes.length - in.pos) {
      throw corrupt(count + " events in " + (bytes.length - in.pos) + " bytes");
    }
    long[] packed = new long[(int) count];
    long offset = 0;
    for (int i = 0; i < packed.length; i++) {
      long v = in.varint("event " + i);
      long delta = v >>> 1;
      if (delta > MAX_OFFSET_MICROS - offset) {
        throw corrupt("event " + i + "'s offset is out of range");
      }
      offset += delta;
      packed[i] = offset << 1 | (v & 1);
    }
    if (in.pos != bytes.length) {
      throw corrupt((bytes.length - in.pos) + " bytes after the last event");
    }
    return packed.length == 0 && total == 0 ? EMPTY : new EventTimes(packed, (int) total);
  }

  private static IllegalArgumentException corrupt(String why) {
    return new IllegalArgumentException("Corrupt event times: " + why + ".");
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Reads unsigned varints of at most 63 bits. */
  private static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes, int pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    long varint(String what) {
      long v = 0;
      for (int shift = 0; shift < 63; shift += 7) {
        if (pos >= bytes.length) {
          throw corrupt(what + " is cut off");
        }
        int b = bytes[pos++] & 0xff;
        v |= (b & 0x7fL) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw corrupt(what + " is larger than 63 bits");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventTimes other
        && totalCount == other.totalCount
        && Arrays.equals(packed, other.packed);
  }

  @Override
  public int hashCode() {
    return 31 * totalCount + Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    return "EventTimes[count="
        + packed.length
        + ", totalCount="
        + totalCount
        + (packed.length == 0 ? "" : ", last=" + offsetMicros(packed.length - 1) + "us")
        + "]";
  }

  /**
   * Collects one stream's events as they arrive. The array grows by doubling up to {@link
   * #MAX_EVENTS} longs (800 KB), then events are only counted. Not thread-safe: confined to the
   * exchange's thread.
   */
  public static final class Builder {
    private long[] packed = new long[16];
    private int count;
    private int totalCount;
    private long lastOffset;

    private Builder() {}

    /**
     * One event arrived {@code offsetMicros} after the request started. A negative offset counts as
     * 0 and one earlier than the previous event's as the previous one, so offsets never decrease.
     */
    public Builder add(long offsetMicros, boolean carriesOutput) {
      if (totalCount < Integer.MAX_VALUE) {
        totalCount++;
      }
      if (count == MAX_EVENTS) {
        return this;
      }
      long offset = Math.min(MAX_OFFSET_MICROS, Math.max(lastOffset, offsetMicros));
      if (count == packed.length) {
        packed = Arrays.copyOf(packed, Math.min(MAX_EVENTS, packed.length * 2));
      }
      packed[count++] = offset << 1 | (carriesOutput ? 1 : 0);
      lastOffset = offset;
      return this;
    }

    /** Events added so far, kept or not. */
    public int totalCount() {
      return totalCount;
    }

    /** The events added so far (a copy: the builder may go on). */
    public EventTimes build() {
      return totalCount == 0 ? EMPTY : new EventTimes(Arrays.copyOf(packed, count), totalCount);
    }
  }
}
