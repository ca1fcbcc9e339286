package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;
import java.io.IOException;

/**
 * OpenAI's {@code /v1/responses}: a response object with {@code usage} and {@code output[]} items,
 * {@code response.*} stream events, and a request of {@code instructions} and {@code input}.
 */
final class Responses extends EndpointFamily {

  Responses(Endpoint endpoint) {
    super(endpoint, true);
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    response(body, into, true);
    LlamaTimings.read(body.get("timings"), into);
  }

  @Override
  void eventUsage(String kind, JsonNode data, ReportedUsage into) {
    JsonNode response = data.get("response");
    if (response != null && response.isObject()) {
      boolean terminal =
          "response.completed".equals(kind)
              || "response.incomplete".equals(kind)
              || "response.failed".equals(kind);
      response(response, into, terminal);
    }
    LlamaTimings.read(data.get("timings"), into); // llama.cpp: beside the response.completed body
  }

  /** A Responses API response object; its status is a finish reason only once it is final. */
  private static void response(JsonNode response, ReportedUsage into, boolean terminal) {
    into.model(Json.string(response.get("model")));
    if (terminal) {
      String reason = Json.string(response.path("incomplete_details").get("reason"));
      into.finishReason(reason != null ? reason : Json.string(response.get("status")));
    }
    JsonNode usage = response.get("usage");
    if (usage != null && usage.isObject()) {
      into.promptTokens(Json.count(usage.get("input_tokens")));
      into.cachedTokens(Json.count(usage.path("input_tokens_details").get("cached_tokens")));
      into.completionTokens(Json.count(usage.get("output_tokens")));
    }
  }

  /** output_text, reasoning_text, reasoning_summary_text, refusal, function_call_arguments... */
  @Override
  boolean output(String kind, JsonNode data) {
    return kind != null && kind.startsWith("response.") && kind.endsWith(".delta");
  }

  @Override
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    return stream(frames).sseOrWhole(body, Responses::json);
  }

  /** A non-streamed body (or the {@code response} of {@code response.completed}). */
  private static Answer json(JsonNode root) throws Unreadable {
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

  /**
   * A streamed body: the {@code response.*.delta} events (the final {@code response.completed}
   * output when there were none).
   */
  private static StreamAnswer stream(StreamSplitter frames) {
    return new StreamAnswer(frames) {
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
    };
  }

  /** {@code incomplete_details.reason} when incomplete, else the {@code status}. */
  private static String finishReason(JsonNode response) {
    String reason = Json.str(response.path("incomplete_details"), "reason");
    return reason != null ? reason : Json.str(response, "status");
  }

  /**
   * {@code instructions} as a system message and {@code input} as user (or its items' role)
   * messages, function calls and their outputs as tool calls and tool messages.
   */
  @Override
  void messages(JsonNode request, ArrayNode out) throws Unreadable {
    String instructions = Json.str(request, "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      out.add(ChatCompletions.message("system", instructions));
    }
    JsonNode input = request.get("input");
    if (input != null && input.isTextual()) {
      out.add(ChatCompletions.message("user", input.asText()));
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
        ObjectNode m = ChatCompletions.message("assistant", "");
        ObjectNode call = m.putArray("tool_calls").addObject();
        call.put("id", Json.str(item, "call_id"));
        call.put("type", "function");
        ObjectNode fn = call.putObject("function");
        fn.put("name", Json.str(item, "name"));
        fn.put("arguments", Json.arguments(item.get("arguments")));
        out.add(m);
      } else if (type.equals("function_call_output")) {
        ObjectNode m = ChatCompletions.message("tool", Json.arguments(item.get("output")));
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

  @Override
  public boolean writesReplies() {
    return true;
  }

  @Override
  public String replyIdPrefix() {
    return "resp_";
  }

  @Override
  public ObjectNode wholeReply(Generation g) {
    ObjectNode r = Shapes.copy("responses", "response");
    r.put("id", g.id()).put("model", g.model());
    r.put("created_at", g.created()).put("completed_at", g.created());
    ObjectNode item = (ObjectNode) Shapes.array(r, "output").get(0);
    item.put("id", g.messageId());
    ((ObjectNode) Shapes.array(item, "content").get(0)).put("text", g.text());
    usage((ObjectNode) r.get("usage"), g);
    return r;
  }

  @Override
  public void replyHead(Generation g, Events out) throws IOException {
    for (String name : new String[] {"response.created", "response.in_progress"}) {
      ObjectNode e = Shapes.copy("responses", name);
      ((ObjectNode) e.get("response")).put("id", g.id());
      out.send(name, Shapes.text(e));
    }
    ObjectNode added = Shapes.copy("responses", "response.output_item.added");
    ((ObjectNode) added.get("item")).put("id", g.messageId());
    out.send("response.output_item.added", Shapes.text(added));
    ObjectNode part = Shapes.copy("responses", "response.content_part.added");
    part.put("item_id", g.messageId());
    out.send("response.content_part.added", Shapes.text(part));
  }

  @Override
  public void replyToken(Generation g, Events out, int i) throws IOException {
    ObjectNode c = Shapes.copy("responses", "response.output_text.delta");
    c.put("item_id", g.messageId()).put("delta", g.tokens().get(i));
    out.send("response.output_text.delta", Shapes.text(c));
  }

  @Override
  public void replyTail(Generation g, Events out) throws IOException {
    String text = g.text();
    ObjectNode done = Shapes.copy("responses", "response.output_text.done");
    done.put("item_id", g.messageId()).put("text", text);
    out.send("response.output_text.done", Shapes.text(done));
    ObjectNode partDone = Shapes.copy("responses", "response.content_part.done");
    partDone.put("item_id", g.messageId());
    ((ObjectNode) partDone.get("part")).put("text", text);
    out.send("response.content_part.done", Shapes.text(partDone));
    ObjectNode itemDone = Shapes.copy("responses", "response.output_item.done");
    ObjectNode item = (ObjectNode) itemDone.get("item");
    item.put("id", g.messageId());
    ((ObjectNode) Shapes.array(item, "content").get(0)).put("text", text);
    out.send("response.output_item.done", Shapes.text(itemDone));
    ObjectNode completed = Shapes.copy("responses", "response.completed");
    ObjectNode response = (ObjectNode) completed.get("response");
    response.put("id", g.id()).put("created_at", g.created());
    response.put("model", g.model());
    ObjectNode outItem = (ObjectNode) Shapes.array(response, "output").get(0);
    outItem.put("id", g.messageId());
    ((ObjectNode) Shapes.array(outItem, "content").get(0)).put("text", text);
    usage((ObjectNode) response.get("usage"), g);
    LlamaTimings.write((ObjectNode) completed.get("timings"), g);
    out.send("response.completed", Shapes.text(completed));
  }

  private static void usage(ObjectNode usage, Generation g) {
    usage
        .put("input_tokens", g.promptTokens())
        .put("output_tokens", g.completionTokens())
        .put("total_tokens", g.promptTokens() + g.completionTokens());
    ((ObjectNode) usage.get("input_tokens_details")).put("cached_tokens", g.cachedTokens());
  }
}
