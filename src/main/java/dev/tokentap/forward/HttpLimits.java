package dev.tokentap.forward;

import io.netty.handler.codec.http.HttpDecoderConfig;

/** The sizes the forwarder's HTTP parsers accept, on both sides. */
final class HttpLimits {

  /** A request or status line longer than this is refused (414 from the client side). */
  static final int MAX_LINE = 16 * 1024;

  /** A header section (or trailer section) larger than this is refused. */
  static final int MAX_HEADERS = 64 * 1024;

  /** Bodies are passed on in pieces of at most this many bytes, each flushed at once. */
  static final int MAX_PIECE = 64 * 1024;

  private HttpLimits() {}

  static HttpDecoderConfig decoderConfig() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_LINE)
        .setMaxHeaderSize(MAX_HEADERS)
        .setMaxChunkSize(MAX_PIECE);
  }
}
