package dev.tokentap.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The text of the completion APIs, whole or streamed: {@code /v1/completions} ({@code
 * choices[0].text}), llama-server's native {@code /completion} and {@code /infill} ({@code
 * content}), and Ollama's {@code /api/generate} ({@code response}, NDJSON when streamed).
 */
final class CompletionAnswer {

  private static final ObjectReader WHOLE =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CompletionAnswer() {}

  static Answer read(byte[] body) throws Unreadable {
    StreamAnswer reader =
        new StreamAnswer() {
          @Override
          protected void frame(JsonNode frame) {
            JsonNode choices = frame.path("choices");
            if (choices.isArray()) {
              JsonNode c = choices.isEmpty() ? null : choices.get(0);
              answer.seen();
              if (c != null) {
                answer.text(Json.str(c, "text")).finishReason(Json.str(c, "finish_reason"));
              }
            } else if (frame.has("content")) {
              answer.seen().text(Json.str(frame, "content")).finishReason(stopType(frame));
            } else if (frame.has("response") || frame.has("done")) {
              answer
                  .seen()
                  .text(Json.str(frame, "response"))
                  .reasoning(Json.str(frame, "thinking"))
                  .finishReason(Json.str(frame, "done_reason"));
            }
          }
        };
    if (!Json.isObject(body)) {
      return reader.sse(body);
    }
    JsonNode whole = single(body);
    if (whole != null) { // one object, maybe indented over several lines
      return reader.ndjson(whole.toString().getBytes(StandardCharsets.UTF_8));
    }
    return reader.ndjson(body); // Ollama's NDJSON stream: several objects
  }

  /** llama-server's {@code stop_type} ("eos", "limit", ...) once it stopped; "none" is no stop. */
  private static String stopType(JsonNode frame) {
    String s = Json.str(frame, "stop_type");
    return s == null || s.equals("none") ? null : s;
  }

  /** The body as one JSON value, or null when it is not exactly one (NDJSON, broken). */
  private static JsonNode single(byte[] body) {
    try {
      return WHOLE.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
