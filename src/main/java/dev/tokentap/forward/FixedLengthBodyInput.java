package dev.tokentap.forward;

import java.io.EOFException;
import java.io.IOException;

/** A response body framed by {@code Content-Length}. */
final class FixedLengthBodyInput extends UpstreamBodyInput {

  private long remaining;

  FixedLengthBodyInput(
      UpstreamConnection connection, UpstreamPool pool, boolean keepAlive, long length) {
    super(connection, pool, keepAlive);
    this.remaining = length;
  }

  @Override
  protected int readBody(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException(
          "the upstream closed the connection " + remaining + " bytes short of Content-Length");
    }
    remaining -= n;
    return n;
  }
}
