package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code /v1/responses}: the {@code output[]} items, whole or as {@code
 * response.*.delta} events (the final {@code response.completed} output when there were none).
 */
final class ResponsesAnswer {

  private ResponsesAnswer() {}

  /** A non-streamed body (or the {@code response} of {@code response.completed}). */
  static Answer json(JsonNode root) throws Unreadable {
    JsonNode output = root.get("output");
    if (output == null || !output.isArray()) {
      throw Unreadable.unparseable("no output[]");
    }
    Answer.Builder b = new Answer.Builder().seen().finishReason(finishReason(root));
    for (JsonNode item : output) {
      switch (String.valueOf(Json.str(item, "type"))) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            if ("output_text".equals(Json.str(part, "type"))) {
              b.text(Json.str(part, "text"));
            }
          }
        }
        case "reasoning" -> {
          JsonNode parts = item.path("content");
          b.reasoning(Json.text(parts.isArray() && !parts.isEmpty() ? parts : item.get("summary")));
        }
        case "function_call" ->
            b.call(
                Json.str(item, "call_id"),
                Json.str(item, "name"),
                Json.arguments(item.get("arguments")));
        default -> {
          // other item types carry no answer text
        }
      }
    }
    return b.build();
  }

  /** A streamed body. */
  static Answer stream(byte[] body) throws Unreadable {
    return new StreamAnswer() {
      private JsonNode completed;

      @Override
      protected void frame(JsonNode frame) {
        if (!String.valueOf(Json.str(frame, "type")).startsWith("response.")) {
          return; // not a Responses event
        }
        answer.seen();
        switch (String.valueOf(Json.str(frame, "type"))) {
          case "response.output_text.delta" -> answer.text(Json.str(frame, "delta"));
          case "response.reasoning_text.delta", "response.reasoning_summary_text.delta" ->
              answer.reasoning(Json.str(frame, "delta"));
          case "response.output_item.added" -> {
            JsonNode item = frame.path("item");
            if ("function_call".equals(Json.str(item, "type"))) {
              answer
                  .call(String.valueOf(Json.str(item, "id")))
                  .id(Json.str(item, "call_id"))
                  .name(Json.str(item, "name"));
            }
          }
          case "response.function_call_arguments.delta" ->
              answer
                  .call(String.valueOf(Json.str(frame, "item_id")))
                  .arguments(Json.str(frame, "delta"));
          case "response.completed", "response.incomplete" -> completed = frame.get("response");
          case "response.failed" -> fail();
          default -> {
            // created, in_progress, part added/done, item done
          }
        }
      }

      @Override
      protected Answer finish() throws Unreadable {
        if (completed != null) {
          answer.finishReason(finishReason(completed));
          if (answer.isEmpty()) {
            return json(completed);
          }
        }
        return super.finish();
      }
    }.sse(body);
  }

  /** {@code incomplete_details.reason} when incomplete, else the {@code status}. */
  private static String finishReason(JsonNode response) {
    String reason = Json.str(response.path("incomplete_details"), "reason");
    return reason != null ? reason : Json.str(response, "status");
  }
}
