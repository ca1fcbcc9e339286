package dev.tokentap.forward;

/**
 * Thrown out of the HTTP handler to make the server drop the client's connection at once, without
 * ending the response cleanly: the client then knows the answer is incomplete.
 */
final class ConnectionAbort extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConnectionAbort(String reason) {
    super(reason, null, false, false);
  }
}
