package dev.tokentap.forward;

/**
 * An upstream response: its head, and its body as a stream. Closing it before the body's clean end
 * closes the connection; after it, the connection is back in the pool already.
 */
record UpstreamResponse(ResponseHead head, UpstreamBodyInput body) implements AutoCloseable {

  @Override
  public void close() {
    body.close();
  }
}
