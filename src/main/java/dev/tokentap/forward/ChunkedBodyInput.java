package dev.tokentap.forward;

import java.io.EOFException;
import java.io.IOException;

/**
 * A response body in chunked transfer coding (RFC 9112 section 7.1): chunk extensions are ignored,
 * trailers read and dropped. Each read returns data of the current chunk as soon as some arrived.
 */
final class ChunkedBodyInput extends UpstreamBodyInput {

  /** Before the first chunk; afterwards the CRLF ending the previous chunk comes first. */
  private boolean first = true;

  private long remaining;

  ChunkedBodyInput(UpstreamConnection connection, UpstreamPool pool, boolean keepAlive) {
    super(connection, pool, keepAlive);
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      if (!first && !readLine().isEmpty()) {
        throw new IOException("the upstream sent chunk data longer than its size");
      }
      first = false;
      remaining = chunkSize(readLine());
      if (remaining == 0) {
        while (!readLine().isEmpty()) {
          // trailer fields: not forwarded (HttpServer cannot send trailers)
        }
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("the upstream closed the connection inside a chunk");
    }
    remaining -= n;
    return n;
  }

  private String readLine() throws IOException {
    try {
      return in.readLine();
    } catch (EOFException e) {
      throw new EOFException("the upstream closed the connection before the last chunk");
    }
  }

  private static long chunkSize(String line) throws IOException {
    long size = 0;
    int digits = 0;
    for (int i = 0; i < line.length(); i++) {
      int d = Character.digit(line.charAt(i), 16);
      if (d < 0) {
        char c = line.charAt(i);
        if (c == ';' || c == ' ' || c == '\t') {
          break; // chunk extensions follow
        }
        throw new IOException("the upstream sent a bad chunk size: " + line);
      }
      if (++digits > 15) {
        throw new IOException("the upstream sent a chunk size too large: " + line);
      }
      size = size * 16 + d;
    }
    if (digits == 0) {
      throw new IOException("the upstream sent a bad chunk size: " + line);
    }
    return size;
  }
}
