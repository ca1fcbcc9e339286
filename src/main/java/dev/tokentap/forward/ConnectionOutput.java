package dev.tokentap.forward;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The buffered writing side of one upstream connection, not thread-safe and without locks. The
 * request head and the first piece of the body leave in one write when they fit the buffer.
 */
final class ConnectionOutput extends OutputStream {

  private final OutputStream socket;
  private final byte[] buf = new byte[8 * 1024];
  private int size;

  ConnectionOutput(OutputStream socket) {
    this.socket = socket;
  }

  /**
   * Writes {@code text} one byte per character (ISO-8859-1); characters beyond it become {@code ?}.
   * The JDK's HttpServer hands header values over as ISO-8859-1, so they go back out unchanged.
   */
  void writeLatin1(String text) throws IOException {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (size == buf.length) {
        flushBuffer();
      }
      char c = text.charAt(i);
      buf[size++] = c <= 0xff ? (byte) c : (byte) '?';
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (size == buf.length) {
      flushBuffer();
    }
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - size) {
      flushBuffer();
      if (len >= buf.length) {
        socket.write(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  @Override
  public void flush() throws IOException {
    flushBuffer();
    socket.flush();
  }

  private void flushBuffer() throws IOException {
    if (size > 0) {
      int n = size;
      size = 0;
      socket.write(buf, 0, n);
    }
  }
}
