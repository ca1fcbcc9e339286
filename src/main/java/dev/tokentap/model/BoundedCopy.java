package dev.tokentap.model;

import java.util.Arrays;

/** Keeps the first {@code cap} bytes of a body that passes through, and counts all of them. */
final class BoundedCopy {

  private final int cap;
  private byte[] bytes = new byte[0];
  private int size;
  private long total;

  BoundedCopy(int cap) {
    this.cap = Math.max(0, cap);
  }

  void append(byte[] buf, int off, int len) {
    total += len;
    int take = Math.min(len, cap - size);
    if (take <= 0) {
      return;
    }
    if (size + take > bytes.length) {
      int grown =
          (int) Math.min((long) cap, Math.max(size + take, Math.max(1024L, bytes.length * 2L)));
      bytes = Arrays.copyOf(bytes, grown);
    }
    System.arraycopy(buf, off, bytes, size, take);
    size += take;
  }

  CapturedBody toCapturedBody() {
    return new CapturedBody(Arrays.copyOf(bytes, size), total, total > size);
  }
}
