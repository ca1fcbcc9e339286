package dev.tokentap.replay;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.StoredExchange;

/**
 * One side of a comparison: an exchange's figures as stored (the same columns for the original and
 * its replay, so they mean the same) and its answer, reassembled from the stored capture by the
 * endpoint's own reader.
 *
 * @param answer the answer's text (its tool calls when it only called tools), or null
 * @param answerNote why there is no answer text, or null
 */
public record ReplaySide(StoredExchange row, String answer, String answerNote) {

  /** {@code row} with the answer of {@code capture} (null: none kept). */
  public static ReplaySide of(StoredExchange row, Capture capture) {
    CaptureBody body = capture == null ? null : capture.response();
    if (body == null) {
      return new ReplaySide(row, null, "No response body was captured.");
    }
    if (!body.decoded()) {
      return new ReplaySide(
          row, null, "The response is still " + body.wireEncoding() + "-encoded.");
    }
    EndpointFamily.Reading r =
        EndpointFamily.of(row.endpoint()).read(body.bytes(), StreamFrames.SPLITTER);
    Answer a = r.answer();
    if (a == null) {
      return new ReplaySide(row, null, "No answer: " + r.problem() + ".");
    }
    String text =
        !a.content().isEmpty() || a.toolCalls().isEmpty()
            ? a.content()
            : String.join("\n", a.toolCallsText());
    return new ReplaySide(
        row, text, body.truncated() ? "Cut by the capture cap: the answer is incomplete." : null);
  }

  /** Whether the exchange got a full answer (2xx or 3xx, not cut). */
  public boolean ok() {
    return row.outcome() == Outcome.OK;
  }

  /** The figures in one line, as the command line prints them ("-" where not reported). */
  public String figuresLine() {
    StoredExchange r = row;
    return String.format(
        java.util.Locale.ROOT,
        "status %s  prompt %s (cached %s)  generated %s  ttft %s  pp %s  tg %s  %s",
        r.status() == null ? "none" : r.status().toString(),
        count(r.promptTokens()),
        count(r.cachedTokens()),
        count(r.completionTokens()),
        r.ttftMs() == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f ms", r.ttftMs()),
        rate(r.promptTps()),
        rate(r.genTps()),
        String.format(java.util.Locale.ROOT, "%.0f ms", r.durationMs()));
  }

  private static String count(Long n) {
    return n == null ? "-" : n.toString();
  }

  private static String rate(Double tps) {
    return tps == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f tok/s", tps);
  }
}
