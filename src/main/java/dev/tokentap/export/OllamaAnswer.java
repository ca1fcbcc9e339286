package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of Ollama's {@code /api/chat}: NDJSON lines with {@code message.content} pieces (a
 * non-streamed answer is the same object, once).
 */
final class OllamaAnswer {

  private OllamaAnswer() {}

  static Answer read(byte[] body) throws Unreadable {
    return new StreamAnswer() {
      @Override
      protected void frame(JsonNode frame) {
        JsonNode message = frame.path("message");
        if (!message.isObject() && !frame.has("done")) {
          return; // not an Ollama chat line
        }
        answer
            .seen()
            .text(Json.str(message, "content"))
            .reasoning(Json.str(message, "thinking"))
            .finishReason(Json.str(frame, "done_reason"));
        for (JsonNode call : message.path("tool_calls")) {
          JsonNode fn = call.path("function");
          answer.call(
              Json.str(call, "id"), Json.str(fn, "name"), Json.arguments(fn.get("arguments")));
        }
      }
    }.ndjson(body);
  }
}
