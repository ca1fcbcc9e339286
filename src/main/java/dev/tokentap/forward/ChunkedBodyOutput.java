package dev.tokentap.forward;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a request body of unknown length in chunked transfer coding, one chunk per write. */
final class ChunkedBodyOutput extends OutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};

  private final ConnectionOutput out;

  ChunkedBodyOutput(ConnectionOutput out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return; // a zero-size chunk would end the body
    }
    out.writeLatin1(Integer.toHexString(len));
    out.write(CRLF, 0, 2);
    out.write(b, off, len);
    out.write(CRLF, 0, 2);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the last chunk (no trailers) and sends everything. */
  void finish() throws IOException {
    out.write(LAST, 0, LAST.length);
    out.flush();
  }
}
