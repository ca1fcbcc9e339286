package dev.tokentap.forward;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams the client's request body to the upstream as it arrives, never holding it whole, and
 * hands every piece to the exchange's tee. Sent once: a streamed body cannot be replayed.
 */
final class ClientRequestBody {

  /** Receives the body's bytes after they were written upstream. */
  interface Tee {
    void requestBytes(byte[] buf, int off, int len);
  }

  private final InputStream in;
  private final long contentLength;
  private final Tee tee;
  private volatile IOException clientFailure;
  private volatile boolean started;

  ClientRequestBody(InputStream in, long contentLength, Tee tee) {
    this.in = in;
    this.contentLength = contentLength;
    this.tee = tee;
  }

  /** The length the client declared, or -1 when it sent its body chunked. */
  long length() {
    return contentLength;
  }

  /** Whether sending began: from then on, bytes may have been taken from the client. */
  boolean started() {
    return started;
  }

  /**
   * Reads the body from the client without sending it anywhere, so the exchange's record keeps it
   * when the upstream could not be reached. Errors are ignored: the client is answered anyway.
   */
  void drainInto(Tee sideTee) {
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        sideTee.requestBytes(buf, 0, n);
      }
    } catch (IOException e) {
      clientFailure = e;
    }
  }

  /** Copies the body to {@code sink}, flushing each piece as it arrives from the client. */
  void writeTo(OutputStream sink) throws IOException {
    started = true;
    byte[] buf = new byte[16 * 1024];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        clientFailure = e;
        throw e;
      }
      if (n < 0) {
        break;
      }
      sink.write(buf, 0, n);
      sink.flush();
      tee.requestBytes(buf, 0, n);
    }
    sink.flush();
  }

  /** The error reading from the client, if that is why sending failed; else null. */
  IOException clientFailure() {
    return clientFailure;
  }
}
