package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code /v1/messages} (Anthropic): content blocks, whole or as deltas. */
final class MessagesAnswer {

  private MessagesAnswer() {}

  /** A non-streamed body: the {@code content[]} blocks. */
  static Answer json(JsonNode root) throws Unreadable {
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw Unreadable.unparseable("no content[]");
    }
    Answer.Builder b = new Answer.Builder().seen().finishReason(Json.str(root, "stop_reason"));
    for (JsonNode block : content) {
      switch (String.valueOf(Json.str(block, "type"))) {
        case "text" -> b.text(Json.str(block, "text"));
        case "thinking" -> b.reasoning(Json.str(block, "thinking"));
        case "tool_use" ->
            b.call(
                Json.str(block, "id"), Json.str(block, "name"), Json.arguments(block.get("input")));
        default -> {
          // redacted_thinking, server tool results: not part of the text
        }
      }
    }
    return b.build();
  }

  /** A streamed body: {@code content_block_start}/{@code content_block_delta} by block index. */
  static Answer stream(byte[] body) throws Unreadable {
    return new StreamAnswer() {
      @Override
      protected void frame(JsonNode frame) {
        String type = String.valueOf(Json.str(frame, "type"));
        String block = "b" + frame.path("index").asInt(0);
        switch (type) {
          case "content_block_start" -> {
            JsonNode cb = frame.path("content_block");
            switch (String.valueOf(Json.str(cb, "type"))) {
              case "text" -> answer.text(Json.str(cb, "text"));
              case "thinking" -> answer.reasoning(Json.str(cb, "thinking"));
              case "tool_use" -> {
                Answer.ToolCall call =
                    answer.call(block).id(Json.str(cb, "id")).name(Json.str(cb, "name"));
                JsonNode input = cb.get("input");
                if (input != null && input.isObject() && !input.isEmpty()) {
                  call.arguments(input.toString());
                }
              }
              default -> {
                // other blocks carry no text
              }
            }
          }
          case "content_block_delta" -> {
            JsonNode delta = frame.path("delta");
            switch (String.valueOf(Json.str(delta, "type"))) {
              case "text_delta" -> answer.text(Json.str(delta, "text"));
              case "thinking_delta" -> answer.reasoning(Json.str(delta, "thinking"));
              case "input_json_delta" ->
                  answer.call(block).arguments(Json.str(delta, "partial_json"));
              default -> {
                // signature_delta and the like
              }
            }
          }
          case "message_delta" -> answer.finishReason(Json.str(frame.path("delta"), "stop_reason"));
          case "message_start", "content_block_stop", "message_stop", "ping" -> {
            // no text
          }
          default -> {
            return; // not an Anthropic event
          }
        }
        answer.seen();
      }
    }.sse(body);
  }
}
