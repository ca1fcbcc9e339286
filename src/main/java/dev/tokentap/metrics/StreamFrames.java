package dev.tokentap.metrics;

import dev.tokentap.endpoint.StreamSplitter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a whole, already captured stream body into its frames with the same readers the meter uses
 * while the bytes flow: SSE events ({@code text/event-stream}) or NDJSON lines (Ollama). For
 * readers of stored captures (the JSONL export); the body is in memory already, so no frame is
 * dropped for its size.
 */
public final class StreamFrames {

  /** Receives each SSE event. */
  @FunctionalInterface
  public interface EventListener {
    /**
     * One event.
     *
     * @param type the {@code event:} field, or null when the event had none
     * @param data the joined {@code data:} lines, decoded as UTF-8
     */
    void onEvent(String type, String data);
  }

  /** Receives each non-blank NDJSON line, decoded as UTF-8. */
  @FunctionalInterface
  public interface LineListener {
    void onLine(String line);
  }

  /** These readers, for the endpoint families that reassemble answers from stored streams. */
  public static final StreamSplitter SPLITTER =
      new StreamSplitter() {
        @Override
        public void sse(byte[] body, Consumer<String> data) {
          StreamFrames.sse(body, (type, d) -> data.accept(d));
        }

        @Override
        public void ndjson(byte[] body, Consumer<String> line) {
          StreamFrames.ndjson(body, line::accept);
        }
      };

  private StreamFrames() {}

  /** Hands each event of the SSE {@code body} to {@code listener}, in order. */
  public static void sse(byte[] body, EventListener listener) {
    SseEventReader reader =
        new SseEventReader(
            Math.max(1, body.length),
            (type, data, len) -> {
              if (data != null) {
                listener.onEvent(type, new String(data, 0, len, StandardCharsets.UTF_8));
              }
            });
    reader.feed(body, 0, body.length);
    reader.finish();
  }

  /** Hands each line of the NDJSON {@code body} to {@code listener}, in order. */
  public static void ndjson(byte[] body, LineListener listener) {
    NdjsonLineReader reader =
        new NdjsonLineReader(
            Math.max(1, body.length),
            (line, len) -> {
              if (line != null) {
                listener.onLine(new String(line, 0, len, StandardCharsets.UTF_8));
              }
            });
    reader.feed(body, 0, body.length);
    reader.finish();
  }
}
