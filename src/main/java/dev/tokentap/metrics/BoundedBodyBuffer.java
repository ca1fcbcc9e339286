package dev.tokentap.metrics;

import java.util.Arrays;

/**
 * Keeps the bytes of a non-streamed body, up to a limit. Past the limit it drops everything it has
 * and remembers that it overflowed: a cut-off JSON body would yield nothing anyway. Grows as bytes
 * come, so a small body costs little whatever the limit. Not thread-safe.
 */
final class BoundedBodyBuffer {

  private static final int INITIAL_CAPACITY = 8 * 1024;

  private final int limit;
  private byte[] buf = new byte[0];
  private int len;
  private boolean overflowed;

  BoundedBodyBuffer(int limit) {
    this.limit = Math.max(0, limit);
  }

  void append(byte[] src, int off, int n) {
    if (overflowed || n <= 0) {
      return;
    }
    if ((long) len + n > limit) {
      overflowed = true;
      buf = new byte[0];
      len = 0;
      return;
    }
    if (len + n > buf.length) {
      long grown = Math.max((long) len + n, Math.max(INITIAL_CAPACITY, buf.length * 2L));
      buf = Arrays.copyOf(buf, (int) Math.min(grown, limit));
    }
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** The kept bytes: {@code length()} of them, from index 0. */
  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  /** Lets the bytes go once they have been read. */
  void release() {
    buf = new byte[0];
    len = 0;
  }
}
