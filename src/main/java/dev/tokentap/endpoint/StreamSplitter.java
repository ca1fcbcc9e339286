package dev.tokentap.endpoint;

import java.util.function.Consumer;

/**
 * Splits a whole, stored stream body into its frames. The framing rules (SSE events, NDJSON lines)
 * belong to the readers the meter uses while the bytes flow ({@code metrics.StreamFrames}, which
 * hands one of these out); this package only reads the frames' JSON.
 */
public interface StreamSplitter {

  /** Hands the {@code data} of each SSE event of {@code body} to {@code data}, in order. */
  void sse(byte[] body, Consumer<String> data);

  /** Hands each non-blank NDJSON line of {@code body} to {@code line}, in order. */
  void ndjson(byte[] body, Consumer<String> line);
}
