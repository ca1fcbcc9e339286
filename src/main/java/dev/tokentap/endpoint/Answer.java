package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The assistant's answer of one exchange, reassembled from its captured response body.
 *
 * @param content the text (empty when the model only called tools)
 * @param reasoning the reasoning or thinking text, empty when there was none
 * @param toolCalls tool calls in OpenAI's shape ({@code {"id","type":"function","function":{"name",
 *     "arguments"}}}, arguments a JSON string)
 * @param finishReason why generation stopped, as the API said it, or null
 */
public record Answer(
    String content, String reasoning, List<ObjectNode> toolCalls, String finishReason) {

  public Answer {
    toolCalls = List.copyOf(toolCalls);
  }

  /** The tool calls, each as indented JSON text (for people to read). */
  public List<String> toolCallsText() {
    return toolCalls.stream().map(ObjectNode::toPrettyString).toList();
  }

  /** The assistant message of the JSONL line. */
  public ObjectNode message(JsonNodeFactory f) {
    ObjectNode m = f.objectNode();
    m.put("role", "assistant");
    m.put("content", content);
    if (!reasoning.isEmpty()) {
      m.put("reasoning", reasoning);
    }
    if (!toolCalls.isEmpty()) {
      ArrayNode calls = m.putArray("tool_calls");
      toolCalls.forEach(calls::add);
    }
    return m;
  }

  /** Collects an answer piece by piece, as a stream delivers it. */
  static final class Builder {
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    private String finishReason;
    private boolean seen;

    /** Marks that a well-formed frame of the answer was read (an empty answer is still one). */
    Builder seen() {
      seen = true;
      return this;
    }

    boolean wasSeen() {
      return seen;
    }

    Builder text(String s) {
      if (s != null) {
        content.append(s);
      }
      return this;
    }

    Builder reasoning(String s) {
      if (s != null) {
        reasoning.append(s);
      }
      return this;
    }

    Builder finishReason(String s) {
      if (s != null && !s.isEmpty()) {
        finishReason = s;
      }
      return this;
    }

    boolean isEmpty() {
      return content.isEmpty() && reasoning.isEmpty() && calls.isEmpty();
    }

    /** The tool call with this key (a stream's index or item id), created when new. */
    ToolCall call(String key) {
      for (ToolCall c : calls) {
        if (c.key.equals(key)) {
          return c;
        }
      }
      ToolCall c = new ToolCall(key);
      calls.add(c);
      return c;
    }

    /** A complete tool call. */
    Builder call(String id, String name, String arguments) {
      ToolCall c = call("#" + calls.size());
      c.id(id).name(name).arguments(arguments);
      return this;
    }

    Answer build() {
      JsonNodeFactory f = JsonNodeFactory.instance;
      List<ObjectNode> out = new ArrayList<>(calls.size());
      for (int i = 0; i < calls.size(); i++) {
        ToolCall c = calls.get(i);
        ObjectNode o = f.objectNode();
        o.put("id", c.id != null ? c.id : "call_" + i);
        o.put("type", "function");
        ObjectNode fn = o.putObject("function");
        fn.put("name", c.name.toString());
        fn.put("arguments", c.arguments.toString());
        out.add(o);
      }
      return new Answer(content.toString(), reasoning.toString(), out, finishReason);
    }
  }

  /** One tool call as it is assembled. */
  static final class ToolCall {
    private final String key;
    private String id;
    private final StringBuilder name = new StringBuilder();
    private final StringBuilder arguments = new StringBuilder();

    private ToolCall(String key) {
      this.key = key;
    }

    ToolCall id(String s) {
      if (s != null && !s.isEmpty()) {
        id = s;
      }
      return this;
    }

    /** The name: streams send it whole once; a repeat of the same name is not appended. */
    ToolCall name(String s) {
      if (s != null && !s.isEmpty() && !name.toString().equals(s)) {
        name.append(s);
      }
      return this;
    }

    ToolCall arguments(String s) {
      if (s != null) {
        arguments.append(s);
      }
      return this;
    }
  }
}
