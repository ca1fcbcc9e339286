package dev.tokentap.model;

/** How an exchange ended. The {@link #code()} is what the store and exports write. */
public enum Outcome {
  /** The upstream answered with a 1xx-3xx status and the whole body reached the client. */
  OK("ok"),
  /** The upstream answered 4xx or 5xx; passed through unchanged. */
  UPSTREAM_ERROR("upstream_error"),
  /** The upstream could not be reached or sent no headers in time; the client got a 502. */
  UPSTREAM_UNAVAILABLE("upstream_unavailable"),
  /** The client hung up (or the user cancelled) before the response was complete. */
  CLIENT_ABORTED("client_aborted"),
  /** The upstream broke off the response body. */
  UPSTREAM_ABORTED("upstream_aborted"),
  /**
   * TokenTap refused a malformed request (bad framing, a control character in a header, an unknown
   * HTTP version, CONNECT...) with 400, 501 or 505, as nginx would; it was never forwarded.
   */
  REJECTED("rejected");

  private final String code;

  Outcome(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Outcome fromCode(String code) {
    for (Outcome o : values()) {
      if (o.code.equals(code)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome: " + code);
  }
}
