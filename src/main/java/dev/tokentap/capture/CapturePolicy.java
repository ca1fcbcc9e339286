package dev.tokentap.capture;

/**
 * What to keep of each exchange.
 *
 * @param capturesEnabled whether headers and bodies are kept at all (off: metrics only)
 * @param bodyCapBytes the most bytes kept of one body after decoding; longer bodies are truncated
 *     and marked so
 */
public record CapturePolicy(boolean capturesEnabled, int bodyCapBytes) {

  /** 16 MiB, the default cap on one decoded body. */
  public static final int DEFAULT_BODY_CAP = 16 * 1024 * 1024;

  /** Captures on, 16 MiB per body. */
  public static final CapturePolicy DEFAULT = new CapturePolicy(true, DEFAULT_BODY_CAP);

  public CapturePolicy {
    if (bodyCapBytes < 0) {
      throw new IllegalArgumentException("bodyCapBytes must be >= 0: " + bodyCapBytes);
    }
  }

  public CapturePolicy withCapturesEnabled(boolean enabled) {
    return new CapturePolicy(enabled, bodyCapBytes);
  }

  public CapturePolicy withBodyCapBytes(int cap) {
    return new CapturePolicy(capturesEnabled, cap);
  }
}
