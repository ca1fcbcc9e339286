package dev.tokentap.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.Endpoint;

/**
 * Tells whether one stream event carries generated output (a "token event"): the events that time
 * the first token and, when the server reports no counts, stand in for them. A role-only opening
 * chunk, an empty final chunk, usage-only chunks and bookkeeping events are not token events.
 */
final class GeneratedOutputDetector {

  private final Endpoint endpoint;

  GeneratedOutputDetector(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** Whether this endpoint's stream events are told apart at all (not for other paths). */
  boolean detects() {
    return endpoint.generates();
  }

  /**
   * @param type the SSE {@code event:} name, or null; the data's own {@code type} wins
   * @param data the event's parsed data
   */
  boolean carriesOutput(String type, JsonNode data) {
    if (data == null || !data.isObject()) {
      return false;
    }
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> anyChoice(data, true);
      case COMPLETIONS -> anyChoice(data, false);
      case NATIVE_COMPLETION, INFILL ->
          // A token that ends inside a multi-byte character can come with empty content.
          nonEmptyText(data.get("content")) || nonEmptyArray(data.get("tokens"));
      case MESSAGES -> {
        String kind = kind(type, data);
        yield "content_block_delta".equals(kind)
            && !"signature_delta".equals(text(data.path("delta").get("type")));
      }
      case RESPONSES -> {
        // output_text, reasoning_text, reasoning_summary_text, refusal, function_call_arguments...
        String kind = kind(type, data);
        yield kind != null && kind.startsWith("response.") && kind.endsWith(".delta");
      }
      case OLLAMA_CHAT -> {
        JsonNode message = data.path("message");
        yield nonEmptyText(message.get("content"))
            || nonEmptyText(message.get("thinking"))
            || nonEmptyArray(message.get("tool_calls"));
      }
      case OLLAMA_GENERATE ->
          nonEmptyText(data.get("response")) || nonEmptyText(data.get("thinking"));
      case EMBEDDINGS, OTHER -> false;
    };
  }

  private static boolean anyChoice(JsonNode data, boolean chat) {
    JsonNode choices = data.get("choices");
    if (choices == null || !choices.isArray()) {
      return false;
    }
    for (JsonNode choice : choices) {
      if (chat) {
        JsonNode delta = choice.path("delta");
        if (nonEmptyText(delta.get("content"))
            || nonEmptyText(delta.get("reasoning_content"))
            || nonEmptyText(delta.get("reasoning"))
            || nonEmptyArray(delta.get("tool_calls"))
            || delta.path("function_call").isObject()) {
          return true;
        }
      } else if (nonEmptyText(choice.get("text"))) {
        return true;
      }
    }
    return false;
  }

  private static String kind(String type, JsonNode data) {
    String own = text(data.get("type"));
    return own != null ? own : type;
  }

  private static boolean nonEmptyText(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  private static boolean nonEmptyArray(JsonNode node) {
    return node != null && node.isArray() && !node.isEmpty();
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
