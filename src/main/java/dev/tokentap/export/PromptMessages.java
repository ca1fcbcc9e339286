package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;

/**
 * The messages a chat-like request sent, in chat-completions shape, so a JSONL line stands on its
 * own: {@code messages} as sent; Anthropic's top-level {@code system} first as a system message;
 * for {@code /v1/responses}, {@code instructions} as a system message and {@code input} as user (or
 * its items' role) messages, function calls and their outputs as tool calls and tool messages.
 */
final class PromptMessages {

  private PromptMessages() {}

  static ArrayNode of(Endpoint endpoint, JsonNode request) throws Unreadable {
    if (!request.isObject()) {
      throw Unreadable.unparseable("the request is not a JSON object");
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    switch (endpoint) {
      case CHAT_COMPLETIONS, OLLAMA_CHAT -> out.addAll(messages(request));
      case MESSAGES -> {
        String system = Json.text(request.get("system"));
        if (system != null && !system.isEmpty()) {
          out.add(message("system", system));
        }
        out.addAll(messages(request));
      }
      case RESPONSES -> responses(request, out);
      default -> throw new Unreadable(Unreadable.Reason.NOT_CHAT, endpoint.code());
    }
    return out;
  }

  private static ArrayNode messages(JsonNode request) throws Unreadable {
    JsonNode m = request.get("messages");
    if (m == null || !m.isArray()) {
      throw Unreadable.unparseable("the request has no messages[]");
    }
    return (ArrayNode) m;
  }

  private static void responses(JsonNode request, ArrayNode out) throws Unreadable {
    String instructions = Json.str(request, "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      out.add(message("system", instructions));
    }
    JsonNode input = request.get("input");
    if (input != null && input.isTextual()) {
      out.add(message("user", input.asText()));
      return;
    }
    if (input == null || !input.isArray()) {
      throw Unreadable.unparseable("the request has no input");
    }
    for (JsonNode item : input) {
      String type = Json.str(item, "type");
      if (type == null || type.equals("message")) {
        String role = Json.str(item, "role");
        JsonNode content = item.get("content");
        String text = Json.text(content);
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("role", role == null ? "user" : role.equals("developer") ? "system" : role);
        if (text != null && allText(content)) {
          m.put("content", text);
        } else {
          m.set("content", content); // images, files: kept as sent
        }
        out.add(m);
      } else if (type.equals("function_call")) {
        ObjectNode m = message("assistant", "");
        ObjectNode call = m.putArray("tool_calls").addObject();
        call.put("id", Json.str(item, "call_id"));
        call.put("type", "function");
        ObjectNode fn = call.putObject("function");
        fn.put("name", Json.str(item, "name"));
        fn.put("arguments", Json.arguments(item.get("arguments")));
        out.add(m);
      } else if (type.equals("function_call_output")) {
        ObjectNode m = message("tool", Json.arguments(item.get("output")));
        m.put("tool_call_id", Json.str(item, "call_id"));
        out.add(m);
      } else {
        out.add(item); // reasoning and other items: as sent
      }
    }
  }

  /** A string, or an array whose parts are all text. */
  private static boolean allText(JsonNode content) {
    if (content.isTextual()) {
      return true;
    }
    for (JsonNode part : content) {
      if (Json.str(part, "text") == null) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode message(String role, String content) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("role", role);
    m.put("content", content);
    return m;
  }
}
