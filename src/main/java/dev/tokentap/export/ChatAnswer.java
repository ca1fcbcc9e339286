package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code /v1/chat/completions}: {@code choices[0]}, whole or as deltas. */
final class ChatAnswer {

  private ChatAnswer() {}

  /** A non-streamed body: {@code choices[0].message}. */
  static Answer json(JsonNode root) throws Unreadable {
    JsonNode choice = first(root.path("choices"));
    JsonNode message = choice == null ? null : choice.get("message");
    if (message == null || !message.isObject()) {
      throw Unreadable.unparseable("no choices[0].message");
    }
    Answer.Builder b =
        new Answer.Builder()
            .seen()
            .text(Json.text(message.get("content")))
            .reasoning(reasoning(message))
            .finishReason(Json.str(choice, "finish_reason"));
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode fn = call.path("function");
      b.call(Json.str(call, "id"), Json.str(fn, "name"), Json.arguments(fn.get("arguments")));
    }
    return b.build();
  }

  /** A streamed body: the deltas of choice 0, tool calls assembled by their index. */
  static Answer stream(byte[] body) throws Unreadable {
    return new StreamAnswer() {
      @Override
      protected void frame(JsonNode frame) {
        if (!frame.path("choices").isArray()) {
          return; // not a chat completion chunk
        }
        JsonNode choice = first(frame.path("choices"));
        if (choice == null) {
          answer.seen(); // a usage-only chunk ({"choices":[]})
          return;
        }
        JsonNode delta = choice.path("delta");
        answer
            .seen()
            .text(Json.str(delta, "content"))
            .reasoning(reasoning(delta))
            .finishReason(Json.str(choice, "finish_reason"));
        for (JsonNode call : delta.path("tool_calls")) {
          JsonNode fn = call.path("function");
          answer
              .call("i" + call.path("index").asInt(0))
              .id(Json.str(call, "id"))
              .name(Json.str(fn, "name"))
              .arguments(Json.str(fn, "arguments"));
        }
      }
    }.sse(body);
  }

  /** llama-server and DeepSeek say {@code reasoning_content}; some servers {@code reasoning}. */
  private static String reasoning(JsonNode message) {
    String r = Json.str(message, "reasoning_content");
    return r != null ? r : Json.str(message, "reasoning");
  }

  /** The choice with index 0 (or the first one listed), or null. */
  private static JsonNode first(JsonNode choices) {
    if (!choices.isArray() || choices.isEmpty()) {
      return null;
    }
    for (JsonNode c : choices) {
      if (c.path("index").asInt(0) == 0) {
        return c;
      }
    }
    return null;
  }
}
