package dev.tokentap.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small buffered reader for HTTP/1.1 framing (lines, fixed-length and chunked bodies) over a
 * socket stream. It remembers when each read from the socket returned, so a caller can tell when
 * the bytes it is looking at arrived. Not thread-safe; one per connection.
 */
final class HttpReader {
  private final InputStream in;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int lim;
  private long lastFillNanos;

  HttpReader(InputStream in) {
    this.in = in;
  }

  /** {@link System#nanoTime} right after the socket read that brought the newest bytes. */
  long lastFillNanos() {
    return lastFillNanos;
  }

  private void fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      throw new EOFException("connection closed by peer");
    }
    lastFillNanos = System.nanoTime();
    pos = 0;
    lim = n;
  }

  /**
   * One CRLF- (or LF-) terminated line without its terminator, as ISO-8859-1, or null at a clean
   * end of stream before any byte of the line.
   */
  String readLineOrNull() throws IOException {
    StringBuilder sb = null;
    while (true) {
      if (pos == lim) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          if (sb == null) {
            return null;
          }
          throw new EOFException("connection closed inside a line");
        }
        lastFillNanos = System.nanoTime();
        pos = 0;
        lim = n;
      }
      int start = pos;
      while (pos < lim && buf[pos] != '\n') {
        pos++;
      }
      if (pos < lim) {
        int end = pos;
        pos++; // skip '\n'
        if (sb == null) {
          int e = end > start && buf[end - 1] == '\r' ? end - 1 : end;
          return new String(buf, start, e - start, StandardCharsets.ISO_8859_1);
        }
        sb.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(new String(buf, start, lim - start, StandardCharsets.ISO_8859_1));
      if (sb.length() > 64 * 1024) {
        throw new IOException("line longer than 64 KiB");
      }
    }
  }

  String readLine() throws IOException {
    String line = readLineOrNull();
    if (line == null) {
      throw new EOFException("connection closed");
    }
    return line;
  }

  /** Receives body bytes as they are consumed. */
  interface Sink {
    void accept(byte[] b, int off, int len) throws IOException;
  }

  /** Passes exactly {@code n} bytes to {@code sink} (which may be null to discard them). */
  void readFixed(long n, Sink sink) throws IOException {
    while (n > 0) {
      if (pos == lim) {
        fill();
      }
      int k = (int) Math.min(n, lim - pos);
      if (sink != null) {
        sink.accept(buf, pos, k);
      }
      pos += k;
      n -= k;
    }
  }

  /** Reads a chunked body to its end (trailers skipped); returns the de-chunked length. */
  long readChunked(Sink sink) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = readLine();
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size line: '" + sizeLine + "'", e);
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailer field: ignored
        }
        return total;
      }
      readFixed(size, sink);
      total += size;
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }
}
