package dev.tokentap.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a {@code text/event-stream} body into events as its bytes arrive, following the WHATWG
 * rules that matter here: lines end with LF, CRLF or a lone CR; a blank line dispatches the event;
 * {@code data:} lines are joined with LF; {@code event:} names the event; lines starting with
 * {@code :} are comments; one space after the colon is dropped. Works on bytes, so a multi-byte
 * UTF-8 character split across chunks is reassembled before anyone decodes it.
 *
 * <p>Memory stays bounded: an event larger than {@code maxEventBytes} is skipped (its bytes are
 * dropped as they come) and reported with null data. Not thread-safe; one per body.
 */
final class SseEventReader {

  /** Receives each dispatched event. */
  interface Listener {
    /**
     * One event. {@code data} holds the joined data lines (without the final LF) and is only valid
     * during the call; it is null when the event was over the size limit and skipped.
     *
     * @param type the {@code event:} field, or null when the event had none
     */
    void onEvent(String type, byte[] data, int len);
  }

  private static final int INITIAL_CAPACITY = 512;

  private final int maxEventBytes;
  private final Listener listener;
  private byte[] line = new byte[INITIAL_CAPACITY];
  private int lineLen;
  private long rawLineLen;
  private byte[] data = new byte[INITIAL_CAPACITY];
  private int dataLen;
  private boolean hasData;
  private String type;
  private boolean oversized;
  private boolean afterCr;

  SseEventReader(int maxEventBytes, Listener listener) {
    this.maxEventBytes = Math.max(1, maxEventBytes);
    this.listener = listener;
  }

  void feed(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (afterCr) {
        afterCr = false;
        if (buf[i] == '\n') {
          i++;
          continue;
        }
      }
      int j = i;
      while (j < end && buf[j] != '\n' && buf[j] != '\r') {
        j++;
      }
      appendToLine(buf, i, j - i);
      if (j == end) {
        return;
      }
      afterCr = buf[j] == '\r';
      endLine();
      i = j + 1;
    }
  }

  /**
   * The body is over. WHATWG discards an event that never got its blank line; this reader is a
   * little kinder: when the body ended right after a complete line (only the blank line missing),
   * that pending event is dispatched. A line cut off midway is discarded.
   */
  void finish() {
    if (rawLineLen == 0 && hasData && !oversized) {
      dispatch();
    }
    reset();
  }

  /** Bytes its buffers take now: what the memory bound (tests) is checked on. */
  int retainedBytes() {
    return line.length + data.length;
  }

  private void appendToLine(byte[] buf, int off, int len) {
    rawLineLen += len;
    if (oversized || len == 0) {
      return;
    }
    if ((long) lineLen + dataLen + len > maxEventBytes) {
      startSkipping();
      return;
    }
    line = ensure(line, lineLen + len);
    System.arraycopy(buf, off, line, lineLen, len);
    lineLen += len;
  }

  private void endLine() {
    if (rawLineLen == 0) {
      dispatch();
    } else if (!oversized) {
      field();
    }
    lineLen = 0;
    rawLineLen = 0;
  }

  private void field() {
    if (line[0] == ':') {
      return; // comment
    }
    int colon = 0;
    while (colon < lineLen && line[colon] != ':') {
      colon++;
    }
    int valueStart = colon < lineLen ? colon + 1 : lineLen;
    if (valueStart < lineLen && line[valueStart] == ' ') {
      valueStart++;
    }
    int valueLen = lineLen - valueStart;
    if (is("data", colon)) {
      if ((long) dataLen + valueLen + 1 > maxEventBytes) {
        startSkipping();
        return;
      }
      data = ensure(data, dataLen + valueLen + 1);
      System.arraycopy(line, valueStart, data, dataLen, valueLen);
      dataLen += valueLen;
      data[dataLen++] = '\n';
      hasData = true;
    } else if (is("event", colon)) {
      type = new String(line, valueStart, valueLen, StandardCharsets.UTF_8);
    }
    // id, retry and unknown fields do not matter for measuring.
  }

  private boolean is(String name, int nameLen) {
    if (nameLen != name.length()) {
      return false;
    }
    for (int k = 0; k < nameLen; k++) {
      if (line[k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void dispatch() {
    if (oversized) {
      listener.onEvent(type, null, 0);
    } else if (hasData) {
      listener.onEvent(type, data, dataLen - 1);
    }
    reset();
  }

  private void startSkipping() {
    oversized = true;
    lineLen = 0;
    dataLen = 0;
    shrink();
  }

  private void reset() {
    dataLen = 0;
    hasData = false;
    type = null;
    oversized = false;
    shrink();
  }

  /** Gives back memory a large event needed, so an idle stream holds little. */
  private void shrink() {
    if (data.length > 64 * 1024) {
      data = new byte[INITIAL_CAPACITY];
    }
    if (line.length > 64 * 1024 && lineLen == 0) {
      line = new byte[INITIAL_CAPACITY];
    }
  }

  /** {@code buf}, grown (doubling, but never past the event limit) to hold {@code needed}. */
  private byte[] ensure(byte[] buf, int needed) {
    if (needed <= buf.length) {
      return buf;
    }
    int size = (int) Math.max(needed, Math.min(maxEventBytes, buf.length * 2L));
    return Arrays.copyOf(buf, size);
  }
}
