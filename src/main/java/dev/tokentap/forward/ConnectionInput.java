package dev.tokentap.forward;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The buffered reading side of one upstream connection, not thread-safe and without locks. A read
 * returns what the buffer holds, or else what one read of the socket gives: it never waits to fill
 * the caller's array, so a streamed event goes on the moment it arrives.
 */
final class ConnectionInput extends InputStream {

  /** Longer status or header lines are refused. */
  private static final int MAX_LINE = 64 * 1024;

  private final InputStream socket;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int limit;
  private long received;

  ConnectionInput(InputStream socket) {
    this.socket = socket;
  }

  /** Bytes received on this connection since it was opened. */
  long received() {
    return received;
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && fill() < 0) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /** Up to {@code len} bytes: buffered ones, else one read of the socket; -1 at its end. */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= buf.length) {
        int n = socket.read(b, off, len);
        if (n > 0) {
          received += n;
        }
        return n;
      }
      if (fill() < 0) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /**
   * One line without its CRLF (or bare LF), bytes as ISO-8859-1 characters.
   *
   * @throws EOFException when the connection ends before the line does
   */
  String readLine() throws IOException {
    StringBuilder partial = null;
    while (true) {
      if (pos == limit && fill() < 0) {
        throw new EOFException("the upstream closed the connection");
      }
      int start = pos;
      int lf = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          lf = i;
          break;
        }
      }
      int end = lf < 0 ? limit : lf;
      pos = lf < 0 ? limit : lf + 1;
      if (lf >= 0 && partial == null) {
        return latin1(start, trimCr(start, end));
      }
      if (partial == null) {
        partial = new StringBuilder(128);
      }
      partial.append(latin1(start, end));
      if (lf >= 0) {
        int n = partial.length();
        if (n > 0 && partial.charAt(n - 1) == '\r') {
          partial.setLength(n - 1);
        }
        return partial.toString();
      }
      if (partial.length() > MAX_LINE) {
        throw new IOException("the upstream sent a line longer than " + MAX_LINE + " bytes");
      }
    }
  }

  private int trimCr(int start, int end) {
    return end > start && buf[end - 1] == '\r' ? end - 1 : end;
  }

  private String latin1(int start, int end) {
    return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private int fill() throws IOException {
    int n = socket.read(buf, 0, buf.length);
    if (n < 0) {
      pos = limit = 0;
      return -1;
    }
    received += n;
    pos = 0;
    limit = n;
    return n;
  }
}
