package dev.tokentap.metrics;

import java.util.Arrays;

/**
 * Splits a newline-delimited JSON body ({@code application/x-ndjson}, Ollama's streams) into lines
 * as its bytes arrive. A line ends with LF (a CR before it is dropped); blank lines are not lines.
 * The last line may lack its LF (JSON Lines allows it) and is handed over by {@link #finish()}.
 *
 * <p>Memory stays bounded: a line longer than {@code maxLineBytes} is skipped as it comes and
 * reported with null bytes. Not thread-safe; one per body.
 */
final class NdjsonLineReader {

  /** Receives each line. */
  interface Listener {
    /** One non-blank line, valid only during the call; null when it was over the size limit. */
    void onLine(byte[] line, int len);
  }

  private static final int INITIAL_CAPACITY = 512;

  private final int maxLineBytes;
  private final Listener listener;
  private byte[] line = new byte[INITIAL_CAPACITY];
  private int lineLen;
  private boolean blank = true;
  private boolean oversized;

  NdjsonLineReader(int maxLineBytes, Listener listener) {
    this.maxLineBytes = Math.max(1, maxLineBytes);
    this.listener = listener;
  }

  void feed(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int j = i;
      while (j < end && buf[j] != '\n') {
        j++;
      }
      append(buf, i, j - i);
      if (j == end) {
        return;
      }
      endLine();
      i = j + 1;
    }
  }

  /** The body is over: a last line without its LF still counts. */
  void finish() {
    endLine();
  }

  /** Bytes its buffer takes now: what the memory bound (tests) is checked on. */
  int retainedBytes() {
    return line.length;
  }

  private void append(byte[] buf, int off, int len) {
    for (int k = off; blank && k < off + len; k++) {
      byte b = buf[k];
      blank = b == ' ' || b == '\t' || b == '\r';
    }
    if (oversized || len == 0) {
      return;
    }
    if ((long) lineLen + len > maxLineBytes) {
      oversized = true;
      lineLen = 0;
      return;
    }
    if (lineLen + len > line.length) {
      int size = Math.max(lineLen + len, (int) Math.min(maxLineBytes, line.length * 2L));
      line = Arrays.copyOf(line, size);
    }
    System.arraycopy(buf, off, line, lineLen, len);
    lineLen += len;
  }

  private void endLine() {
    if (oversized) {
      listener.onLine(null, 0);
    } else if (!blank) {
      int len = lineLen;
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      listener.onLine(line, len);
    }
    lineLen = 0;
    blank = true;
    oversized = false;
    if (line.length > 64 * 1024) {
      line = new byte[INITIAL_CAPACITY];
    }
  }
}
