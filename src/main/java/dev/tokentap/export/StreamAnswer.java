package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.metrics.StreamFrames;

/**
 * Reassembles an answer from a stream's JSON frames (SSE {@code data:} or NDJSON lines), one frame
 * at a time. A frame that is not JSON makes the body unparseable; an {@code error} frame marks the
 * exchange failed.
 */
abstract class StreamAnswer {

  protected final Answer.Builder answer = new Answer.Builder();
  private String problem;
  private boolean failed;

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
    StreamFrames.sse(body, (type, data) -> accept(data));
    return done();
  }

  final Answer ndjson(byte[] body) throws Unreadable {
    StreamFrames.ndjson(body, this::accept);
    return done();
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
