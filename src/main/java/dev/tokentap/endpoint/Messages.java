package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;
import java.io.IOException;

/**
 * Anthropic's {@code /v1/messages}: {@code usage} with cache reads and writes apart, {@code
 * message_start}/{@code content_block_delta}/{@code message_delta} events, content blocks, and a
 * top-level {@code system} prompt.
 */
final class Messages extends EndpointFamily {

  Messages(Endpoint endpoint) {
    super(endpoint, true);
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    into.model(Json.string(body.get("model")));
    into.finishReason(Json.string(body.get("stop_reason")));
    anthropicUsage(body.get("usage"), into, true);
  }

  @Override
  void eventUsage(String kind, JsonNode data, ReportedUsage into) {
    if ("message_start".equals(kind)) {
      JsonNode message = data.path("message");
      into.model(Json.string(message.get("model")));
      // output_tokens here is a placeholder for the start of generation, not a count.
      anthropicUsage(message.get("usage"), into, false);
    } else if ("message_delta".equals(kind)) {
      into.finishReason(Json.string(data.path("delta").get("stop_reason")));
      anthropicUsage(data.get("usage"), into, true);
    }
  }

  /**
   * Anthropic counts only uncached tokens as {@code input_tokens}: the prompt is input plus cache
   * reads plus cache writes, taken from one usage object so the parts belong together.
   */
  private static void anthropicUsage(JsonNode usage, ReportedUsage into, boolean withOutput) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    Long input = Json.count(usage.get("input_tokens"));
    Long cacheRead = Json.count(usage.get("cache_read_input_tokens"));
    Long cacheCreation = Json.count(usage.get("cache_creation_input_tokens"));
    if (input != null) {
      Long prompt = ReportedUsage.sum(input, cacheRead != null ? cacheRead : 0);
      if (prompt != null) {
        prompt = ReportedUsage.sum(prompt, cacheCreation != null ? cacheCreation : 0);
      }
      into.promptTokens(prompt);
    }
    into.cachedTokens(cacheRead);
    if (withOutput) {
      into.completionTokens(Json.count(usage.get("output_tokens")));
    }
  }

  @Override
  boolean output(String kind, JsonNode data) {
    return "content_block_delta".equals(kind)
        && !"signature_delta".equals(Json.string(data.path("delta").get("type")));
  }

  @Override
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    return stream(frames).sseOrWhole(body, Messages::json);
  }

  /** A non-streamed body: the {@code content[]} blocks. */
  private static Answer json(JsonNode root) throws Unreadable {
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
  private static StreamAnswer stream(StreamSplitter frames) {
    return new StreamAnswer(frames) {
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
    };
  }

  /** Anthropic's top-level {@code system} first, as a system message, then {@code messages}. */
  @Override
  void messages(JsonNode request, ArrayNode out) throws Unreadable {
    String system = Json.text(request.get("system"));
    if (system != null && !system.isEmpty()) {
      out.add(ChatCompletions.message("system", system));
    }
    out.addAll(ChatCompletions.requestMessages(request));
  }

  @Override
  public boolean writesReplies() {
    return true;
  }

  @Override
  public ObjectNode wholeReply(Generation g) {
    ObjectNode r = Shapes.copy("messages", "response");
    r.put("id", g.id()).put("model", g.model());
    ((ObjectNode) Shapes.array(r, "content").get(0)).put("text", g.text());
    r.put("stop_reason", stopReason(g));
    usage((ObjectNode) r.get("usage"), g, g.completionTokens());
    return r;
  }

  @Override
  public void replyHead(Generation g, Events out) throws IOException {
    ObjectNode start = Shapes.copy("messages", "message_start");
    ObjectNode message = (ObjectNode) start.get("message");
    message.put("id", g.id()).put("model", g.model());
    usage((ObjectNode) message.get("usage"), g, 0);
    out.send("message_start", Shapes.text(start));
    out.send("content_block_start", Shapes.text(Shapes.copy("messages", "content_block_start")));
  }

  @Override
  public void replyToken(Generation g, Events out, int i) throws IOException {
    ObjectNode c = Shapes.copy("messages", "content_block_delta");
    ((ObjectNode) c.get("delta")).put("text", g.tokens().get(i));
    out.send("content_block_delta", Shapes.text(c));
  }

  @Override
  public void replyTail(Generation g, Events out) throws IOException {
    out.send("content_block_stop", Shapes.text(Shapes.copy("messages", "content_block_stop")));
    ObjectNode delta = Shapes.copy("messages", "message_delta");
    ((ObjectNode) delta.get("delta")).put("stop_reason", stopReason(g));
    ((ObjectNode) delta.get("usage")).put("output_tokens", g.completionTokens());
    out.send("message_delta", Shapes.text(delta));
    out.send("message_stop", Shapes.text(Shapes.copy("messages", "message_stop")));
  }

  private static String stopReason(Generation g) {
    return g.hitLimit() ? "max_tokens" : "end_turn";
  }

  /** Anthropic's usage: uncached input apart from cache reads. */
  private static void usage(ObjectNode usage, Generation g, int output) {
    usage
        .put("cache_read_input_tokens", g.cachedTokens())
        .put("input_tokens", g.promptTokens() - g.cachedTokens())
        .put("output_tokens", output);
  }
}
