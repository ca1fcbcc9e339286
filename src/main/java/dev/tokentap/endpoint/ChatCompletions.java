package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;
import java.io.IOException;

/**
 * OpenAI's {@code /v1/chat/completions}, with llama-server's additions ({@code timings}, {@code
 * reasoning_content}): {@code usage}, {@code choices[].delta} events, {@code choices[0].message}.
 */
final class ChatCompletions extends EndpointFamily {

  ChatCompletions(Endpoint endpoint) {
    super(endpoint, true);
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    openAi(body, into, true);
  }

  /** OpenAI's model, first choice's finish reason and usage; llama-server's timings if asked. */
  static void openAi(JsonNode body, ReportedUsage into, boolean withTimings) {
    into.model(Json.string(body.get("model")));
    JsonNode choices = body.get("choices");
    if (choices != null && choices.isArray() && !choices.isEmpty()) {
      into.finishReason(Json.string(choices.get(0).get("finish_reason")));
    }
    openAiUsage(body.get("usage"), into);
    if (withTimings) {
      LlamaTimings.read(body.get("timings"), into);
    }
  }

  static void openAiUsage(JsonNode usage, ReportedUsage into) {
    if (usage == null || !usage.isObject()) {
      return; // absent, or "usage": null on a vLLM chunk
    }
    into.promptTokens(Json.count(usage.get("prompt_tokens")));
    into.completionTokens(Json.count(usage.get("completion_tokens")));
    into.cachedTokens(Json.count(usage.path("prompt_tokens_details").get("cached_tokens")));
  }

  @Override
  boolean output(String kind, JsonNode data) {
    JsonNode choices = data.get("choices");
    if (choices == null || !choices.isArray()) {
      return false;
    }
    for (JsonNode choice : choices) {
      JsonNode delta = choice.path("delta");
      if (Json.nonEmptyText(delta.get("content"))
          || Json.nonEmptyText(delta.get("reasoning_content"))
          || Json.nonEmptyText(delta.get("reasoning"))
          || Json.nonEmptyArray(delta.get("tool_calls"))
          || delta.path("function_call").isObject()) {
        return true;
      }
    }
    return false;
  }

  @Override
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    return stream(frames).sseOrWhole(body, ChatCompletions::json);
  }

  /** A non-streamed body: {@code choices[0].message}. */
  private static Answer json(JsonNode root) throws Unreadable {
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
  private static StreamAnswer stream(StreamSplitter frames) {
    return new StreamAnswer(frames) {
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
    };
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

  @Override
  void messages(JsonNode request, ArrayNode out) throws Unreadable {
    out.addAll(requestMessages(request));
  }

  /** The request's {@code messages[]} as sent (chat, Anthropic, Ollama chat). */
  static ArrayNode requestMessages(JsonNode request) throws Unreadable {
    JsonNode m = request.get("messages");
    if (m == null || !m.isArray()) {
      throw Unreadable.unparseable("the request has no messages[]");
    }
    return (ArrayNode) m;
  }

  /** A chat-completions message with text content. */
  static ObjectNode message(String role, String content) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  @Override
  public boolean writesReplies() {
    return true;
  }

  @Override
  public ObjectNode wholeReply(Generation g) {
    ObjectNode r = Shapes.copy("chat", "response");
    ObjectNode choice = (ObjectNode) Shapes.array(r, "choices").get(0);
    choice.put("finish_reason", finish(g));
    ((ObjectNode) choice.get("message")).put("content", g.text());
    return fill(chunk(r, g), g, "usage", "timings");
  }

  @Override
  public void replyHead(Generation g, Events out) throws IOException {
    out.send(null, Shapes.text(chunk(Shapes.copy("chat", "role_chunk"), g)));
  }

  @Override
  public void replyToken(Generation g, Events out, int i) throws IOException {
    ObjectNode c = chunk(Shapes.copy("chat", "delta_chunk"), g);
    ((ObjectNode) Shapes.array(c, "choices").get(0).get("delta")).put("content", g.tokens().get(i));
    out.send(null, Shapes.text(c));
  }

  @Override
  public void replyTail(Generation g, Events out) throws IOException {
    ObjectNode finish = chunk(Shapes.copy("chat", "finish_chunk"), g);
    ((ObjectNode) Shapes.array(finish, "choices").get(0)).put("finish_reason", finish(g));
    if (g.includeUsage()) {
      finish.remove("timings");
      out.send(null, Shapes.text(finish));
      ObjectNode usage = chunk(Shapes.copy("chat", "usage_chunk"), g);
      out.send(null, Shapes.text(fill(usage, g, "usage", "timings")));
    } else {
      out.send(null, Shapes.text(fill(finish, g, null, "timings")));
    }
    out.send(null, "[DONE]");
  }

  /** OpenAI's finish reason. */
  static String finish(Generation g) {
    return g.hitLimit() ? "length" : "stop";
  }

  /** id, created and model of an OpenAI-style chunk. */
  static ObjectNode chunk(ObjectNode c, Generation g) {
    c.put("id", g.id()).put("created", g.created()).put("model", g.model());
    return c;
  }

  /** Fills OpenAI's {@code usage} and llama-server's {@code timings} of {@code r} (null: none). */
  static ObjectNode fill(ObjectNode r, Generation g, String usage, String timings) {
    if (usage != null) {
      ObjectNode u = (ObjectNode) r.get(usage);
      u.put("completion_tokens", g.completionTokens())
          .put("prompt_tokens", g.promptTokens())
          .put("total_tokens", g.promptTokens() + g.completionTokens());
      ((ObjectNode) u.get("prompt_tokens_details")).put("cached_tokens", g.cachedTokens());
    }
    if (timings != null) {
      LlamaTimings.write((ObjectNode) r.get(timings), g);
    }
    return r;
  }
}
