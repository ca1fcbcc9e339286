package dev.tokentap.metrics;

import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.model.Endpoint;
import java.util.Locale;

/** How a response body is read, decided from its headers before the first byte. */
enum BodyKind {
  /** {@code text/event-stream}: parsed event by event as it arrives. */
  SSE,
  /** Newline-delimited JSON ({@code application/x-ndjson}, Ollama): parsed line by line. */
  NDJSON,
  /** Anything else: buffered up to the limit and parsed once at the end. */
  BUFFERED,
  /** A content coding this package cannot undo: not looked at. */
  IGNORED;

  boolean isStream() {
    return this == SSE || this == NDJSON;
  }

  /**
   * The body's kind from its {@code Content-Type}. The request's {@code stream} flag only decides
   * when the response names no type at all: then a stream request is read as the stream its API
   * sends (NDJSON for Ollama's native API, SSE otherwise).
   */
  static BodyKind of(String contentType, Boolean requestStream, Endpoint endpoint) {
    return switch (mediaType(contentType)) {
      case "text/event-stream" -> SSE;
      case "application/x-ndjson",
          "application/ndjson",
          "application/jsonl",
          "application/x-jsonlines",
          "application/jsonlines" ->
          NDJSON;
      case "" -> {
        if (!Boolean.TRUE.equals(requestStream)) {
          yield BUFFERED;
        }
        yield EndpointFamily.of(endpoint).streamsNdjson() ? NDJSON : SSE;
      }
      default -> BUFFERED;
    };
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.trim().toLowerCase(Locale.ROOT);
  }
}
