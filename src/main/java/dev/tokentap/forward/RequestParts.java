package dev.tokentap.forward;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body's pieces on their way upstream. Pieces wait here until there is a connection to
 * write them to, and those written are held until the first byte of the answer, so the whole
 * request can be sent once more on a fresh connection if a pooled one turns out dead. Beyond {@code
 * holdLimit} bytes nothing is held any more (and no retry is possible). Event loop only.
 */
final class RequestParts {

  private final long holdLimit;
  private final List<HttpContent> parts = new ArrayList<>();
  private int sent;
  private long bytes;
  private long unsentBytes;
  private boolean holding = true;
  private boolean complete;

  RequestParts(long holdLimit) {
    this.holdLimit = holdLimit;
  }

  /** A piece from the client; this takes over the caller's reference. */
  void add(HttpContent piece) {
    int n = piece.content().readableBytes();
    parts.add(piece);
    bytes += n;
    unsentBytes += n;
    if (piece instanceof LastHttpContent) {
      complete = true;
    }
    if (bytes > holdLimit) {
      holding = false;
    }
  }

  /** Writes the pieces not yet written on {@code upstream} (without flushing). */
  void sendTo(Channel upstream) {
    for (int i = sent; i < parts.size(); i++) {
      upstream.write(parts.get(i).retainedDuplicate());
    }
    sent = parts.size();
    unsentBytes = 0;
    if (!holding) {
      dropSent();
    }
  }

  /** Writes every piece again, on a fresh connection. Only while {@link #canResend()}. */
  void resendTo(Channel upstream) {
    sent = 0;
    sendTo(upstream);
  }

  /** Whether everything sent so far is still held. */
  boolean canResend() {
    return holding;
  }

  /** The answer began: nothing needs to be sent again from now on. */
  void stopHolding() {
    holding = false;
    dropSent();
  }

  /** Whether the client has sent its whole body. */
  boolean complete() {
    return complete;
  }

  /** Bytes waiting for a connection (the client is asked to pause past a bound). */
  long unsentBytes() {
    return unsentBytes;
  }

  /** Lets go of everything (the exchange ended). */
  void release() {
    for (HttpContent p : parts) {
      p.release();
    }
    parts.clear();
    sent = 0;
    unsentBytes = 0;
    holding = false;
  }

  private void dropSent() {
    for (int i = 0; i < sent; i++) {
      parts.get(i).release();
    }
    parts.subList(0, sent).clear();
    sent = 0;
  }
}
