package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat-like request as people read it: the tools it offered, then each message with its role,
 * text, reasoning, tool calls and the call a tool result answers; whatever the API's shape (chat
 * completions, {@code /v1/messages} content blocks, {@code /v1/responses} input items, Ollama's
 * chat). Text is as sent; nothing is summarised or dropped but images, shown as {@code [image]}.
 *
 * @param tools the names of the tools the request offered, in order
 * @param messages the messages, system prompt first as the API puts it
 */
public record ChatTranscript(List<String> tools, List<ChatTranscript.Message> messages) {

  /** Nothing to show: not a chat-like request, or not readable. */
  public static final ChatTranscript NONE = new ChatTranscript(List.of(), List.of());

  public ChatTranscript {
    tools = List.copyOf(tools);
    messages = List.copyOf(messages);
  }

  /**
   * One message.
   *
   * @param role {@code system}, {@code user}, {@code assistant}, {@code tool}, ...
   * @param text its text, parts joined
   * @param reasoning its reasoning or thinking text, empty when none
   * @param toolCalls the tools it called
   * @param answersCall for a tool result, the id of the call it answers; else null
   */
  public record Message(
      String role, String text, String reasoning, List<ToolCall> toolCalls, String answersCall) {
    public Message {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /**
   * A tool call.
   *
   * @param id its id, or null
   * @param name the tool's name
   * @param arguments the arguments as sent (a JSON text)
   */
  public record ToolCall(String id, String name, String arguments) {}

  /** Whether there is anything to show. */
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** The transcript of {@code requestBody} sent to {@code family}; {@link #NONE} if none. */
  public static ChatTranscript of(EndpointFamily family, byte[] requestBody) {
    if (requestBody == null || !family.chatLike() || !family.endpoint.generates()) {
      return NONE;
    }
    try {
      JsonNode request = Json.parse(requestBody, "the request");
      if (!request.isObject()) {
        return NONE;
      }
      List<String> tools = new ArrayList<>();
      JsonNode offered = request.get("tools");
      if (offered != null && offered.isArray()) {
        for (JsonNode t : offered) {
          String name = Json.str(t.path("function"), "name");
          tools.add(name != null ? name : String.valueOf(Json.str(t, "name")));
        }
      }
      List<Message> messages = new ArrayList<>();
      for (JsonNode m : family.messages(request)) {
        messages.add(message(m));
      }
      return new ChatTranscript(tools, messages);
    } catch (Unreadable | RuntimeException e) {
      return NONE;
    }
  }

  /** One message (or Responses API input item) of any of the chat-like shapes. */
  static Message message(JsonNode m) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    String answers = first(Json.str(m, "tool_call_id"), Json.str(m, "call_id"));
    String role = Json.str(m, "role");
    String type = Json.str(m, "type");
    if ("function_call".equals(type)) {
      role = "assistant";
      calls.add(new ToolCall(answers, Json.str(m, "name"), arguments(m.get("arguments"))));
      answers = null;
    } else if ("function_call_output".equals(type)) {
      role = "tool";
      append(text, Json.text(m.get("output")));
    } else if ("reasoning".equals(type)) {
      role = "assistant";
      block(m.get("summary"), text, reasoning, calls);
    }
    JsonNode content = m.get("content");
    if (content != null && content.isTextual()) {
      text.append(content.asText());
    } else if (content != null && content.isArray()) {
      for (JsonNode b : content) {
        String id = block(b, text, reasoning, calls);
        answers = answers == null ? id : answers;
      }
    }
    append(
        reasoning,
        first(Json.str(m, "reasoning_content"), Json.str(m, "reasoning"), Json.str(m, "thinking")));
    JsonNode toolCalls = m.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode c : toolCalls) {
        JsonNode f = c.path("function");
        calls.add(
            new ToolCall(Json.str(c, "id"), Json.str(f, "name"), arguments(f.get("arguments"))));
      }
    }
    return new Message(
        role == null ? "" : role, text.toString(), reasoning.toString(), calls, answers);
  }

  /**
   * One content block into the message's text, reasoning or calls; returns the call a {@code
   * tool_result} block answers, else null.
   */
  private static String block(
      JsonNode b, StringBuilder text, StringBuilder reasoning, List<ToolCall> calls) {
    if (b == null || b.isNull()) {
      return null;
    }
    if (b.isArray()) {
      for (JsonNode each : b) {
        block(each, reasoning, reasoning, calls); // a reasoning item's summary parts
      }
      return null;
    }
    String type = Json.str(b, "type");
    if (type == null || type.equals("text") || type.endsWith("_text")) {
      append(text, Json.str(b, "text"));
    } else if (type.equals("thinking") || type.equals("summary_text")) {
      append(reasoning, first(Json.str(b, "thinking"), Json.str(b, "text")));
    } else if (type.equals("tool_use")) {
      calls.add(new ToolCall(Json.str(b, "id"), Json.str(b, "name"), arguments(b.get("input"))));
    } else if (type.equals("tool_result")) {
      append(text, Json.text(b.get("content")));
      return Json.str(b, "tool_use_id");
    } else if (type.contains("image")) {
      append(text, "[image]");
    } else {
      append(text, b.toString());
    }
    return null;
  }

  private static String arguments(JsonNode a) {
    if (a == null || a.isNull()) {
      return "";
    }
    return a.isTextual() ? a.asText() : a.toString();
  }

  private static void append(StringBuilder to, String s) {
    if (s == null || s.isEmpty()) {
      return;
    }
    if (!to.isEmpty()) {
      to.append('\n');
    }
    to.append(s);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
