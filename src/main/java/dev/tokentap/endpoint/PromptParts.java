package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request's prompt as an ordered list of {@link PromptPart}s, and an answer as the part a client
 * sends back on its next turn: what conversations are matched on and cache misses located in. The
 * messages come from each family's {@link EndpointFamily#messages} (Anthropic's {@code system} and
 * the Responses API's {@code instructions} as message 0); the tool list comes first, as templates
 * render it before the messages. Only chat-like APIs with a message list have a prompt here: chat
 * completions, {@code /v1/messages}, {@code /v1/responses} and Ollama's {@code /api/chat}.
 */
public final class PromptParts {

  private static final Set<String> SKIPPED_FIELDS = Set.of("role", "content", "tool_calls");

  private PromptParts() {}

  /**
   * The prompt parts of {@code requestBody} sent to {@code family}'s endpoint; empty when it is no
   * chat-like request of a message list, or not readable.
   */
  public static List<PromptPart> of(EndpointFamily family, byte[] requestBody) {
    if (requestBody == null || !family.chatLike() || !family.endpoint.generates()) {
      return List.of();
    }
    try {
      JsonNode request = Json.parse(requestBody, "the request");
      if (!request.isObject()) {
        return List.of();
      }
      List<PromptPart> parts = new ArrayList<>();
      JsonNode tools = request.get("tools");
      if (tools != null && tools.isArray() && !tools.isEmpty()) {
        parts.add(new PromptPart(PromptPart.TOOLS, tools.toString()));
      }
      for (JsonNode m : family.messages(request)) {
        parts.add(message(m));
      }
      return List.copyOf(parts);
    } catch (Unreadable | RuntimeException e) {
      return List.of();
    }
  }

  /** One message as a part: its text content, then the rest of its content and calls as JSON. */
  static PromptPart message(JsonNode m) {
    StringBuilder text = new StringBuilder();
    JsonNode content = m.get("content");
    if (content != null && content.isTextual()) {
      text.append(content.asText());
    } else if (content != null && content.isArray()) {
      for (JsonNode block : content) {
        String t = Json.str(block, "text");
        String type = Json.str(block, "type");
        if (t != null && (type == null || type.equals("text") || type.endsWith("_text"))) {
          text.append(t);
        } else {
          text.append(block.toString()); // an image, a tool use or result: as sent
        }
      }
    } else if (content != null && !content.isNull()) {
      text.append(content.toString());
    }
    JsonNode calls = m.get("tool_calls");
    if (calls != null && calls.isArray() && !calls.isEmpty()) {
      text.append(calls.toString());
    }
    m.properties()
        .forEach(
            f -> {
              if (!SKIPPED_FIELDS.contains(f.getKey()) && !f.getValue().isNull()) {
                text.append(f.getKey()).append('=').append(f.getValue().toString());
              }
            });
    return new PromptPart(Json.str(m, "role"), text.toString());
  }

  /**
   * The answer as the assistant message a client sends back on its next turn: its text, then its
   * tool calls as JSON; reasoning is left out (clients and templates mostly drop it).
   */
  public static PromptPart answer(Answer answer) {
    StringBuilder text = new StringBuilder(answer.content());
    if (!answer.toolCalls().isEmpty()) {
      text.append(answer.toolCalls().toString());
    }
    return new PromptPart("assistant", text.toString());
  }

  /** The model a request names, or null. */
  public static String requestModel(byte[] requestBody) {
    try {
      return Json.str(Json.parse(requestBody, "the request"), "model");
    } catch (Unreadable | RuntimeException e) {
      return null;
    }
  }

  /** A Responses API request's {@code previous_response_id}, or null. */
  public static String previousResponseId(byte[] requestBody) {
    try {
      return Json.str(Json.parse(requestBody, "the request"), "previous_response_id");
    } catch (Unreadable | RuntimeException e) {
      return null;
    }
  }

  /**
   * The id of a Responses API answer ({@code resp_...}): the body's {@code id}, or a stream's first
   * {@code response.id}; null when none.
   */
  public static String responseId(byte[] responseBody, StreamSplitter frames) {
    if (responseBody == null) {
      return null;
    }
    try {
      if (Json.isObject(responseBody)) {
        return Json.str(Json.parse(responseBody, "the response"), "id");
      }
      String[] found = new String[1];
      frames.sse(
          responseBody,
          data -> {
            if (found[0] == null) {
              JsonNode f = Json.frame(data);
              if (f != null && f.path("response").isObject()) {
                found[0] = Json.str(f.get("response"), "id");
              }
            }
          });
      return found[0];
    } catch (Unreadable | RuntimeException e) {
      return null;
    }
  }
}
