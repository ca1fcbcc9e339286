package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reassembles an answer from a stream's JSON frames (SSE {@code data:} or NDJSON lines), one frame
 * at a time. A frame that is not JSON makes the body unparseable; an {@code error} frame marks the
 * exchange failed.
 */
abstract class StreamAnswer {

  private static final ObjectReader WHOLE =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  protected final Answer.Builder answer = new Answer.Builder();
  private final StreamSplitter frames;
  private String problem;
  private boolean failed;

  StreamAnswer(StreamSplitter frames) {
    this.frames = frames;
  }

  /** Reads one JSON frame. */
  protected abstract void frame(JsonNode frame);

  /** After the last frame: the answer, or why there is none. */
  protected Answer finish() throws Unreadable {
    if (!answer.wasSeen()) {
      throw Unreadable.unparseable("no answer in the stream");
    }
    return answer.build();
  }

  /** Marks the exchange as failed (the stream carried an error). */
  protected final void fail() {
    failed = true;
  }

  final Answer sse(byte[] body) throws Unreadable {
    frames.sse(body, this::accept);
    return done();
  }

  final Answer ndjson(byte[] body) throws Unreadable {
    frames.ndjson(body, this::accept);
    return done();
  }

  /** Reads a non-streamed body's JSON. */
  @FunctionalInterface
  interface Whole {
    Answer read(JsonNode root) throws Unreadable;
  }

  /** A JSON object read by {@code whole} when not streamed, else this SSE stream's frames. */
  final Answer sseOrWhole(byte[] body, Whole whole) throws Unreadable {
    return Json.isObject(body) ? whole.read(Json.parse(body, "the response")) : sse(body);
  }

  /**
   * A body of the completion APIs: SSE when it does not open a JSON object, else one object (maybe
   * indented over several lines) or NDJSON (Ollama's stream: several objects), read as frames.
   */
  final Answer sseOrJson(byte[] body) throws Unreadable {
    if (!Json.isObject(body)) {
      return sse(body);
    }
    JsonNode whole = single(body);
    if (whole != null) { // one object, maybe indented over several lines
      return ndjson(whole.toString().getBytes(StandardCharsets.UTF_8));
    }
    return ndjson(body); // Ollama's NDJSON stream: several objects
  }

  /** The body as one JSON value, or null when it is not exactly one (NDJSON, broken). */
  private static JsonNode single(byte[] body) {
    try {
      return WHOLE.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private void accept(String data) {
    if (problem != null || data.strip().equals("[DONE]")) {
      return;
    }
    JsonNode n = Json.frame(data);
    if (n == null || !n.isObject()) {
      problem = "a stream frame is not a JSON object";
      return;
    }
    if (n.has("error")) {
      failed = true;
      return;
    }
    frame(n);
  }

  private Answer done() throws Unreadable {
    if (failed) {
      throw Unreadable.failed("the stream carried an error");
    }
    if (problem != null) {
      throw Unreadable.unparseable(problem);
    }
    return finish();
  }
}
