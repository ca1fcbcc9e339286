package dev.tokentap.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * Fills the fixtures' shapes ({@link Shapes}) with one {@link Answer}: the whole body of a
 * non-streamed answer, or a stream's events before, per and after the generated tokens.
 */
final class Replies {

  /** Where a stream's events go; {@code event} is null for a {@code data:}-only event. */
  interface Events {
    void send(String event, String data) throws IOException;
  }

  private final Answer a;
  private final String messageId;

  Replies(Answer answer, RandomGenerator random) {
    this.a = answer;
    this.messageId = "msg_" + Answer.randomId(random);
  }

  /** The body of the non-streamed answer. */
  ObjectNode whole() {
    String text = a.text();
    return switch (a.ask().endpoint()) {
      case CHAT -> {
        ObjectNode r = Shapes.copy("chat", "response");
        ObjectNode choice = (ObjectNode) arr(r, "choices").get(0);
        choice.put("finish_reason", finish());
        ((ObjectNode) choice.get("message")).put("content", text);
        yield common(r, "usage", "timings");
      }
      case COMPLETIONS -> {
        ObjectNode r = Shapes.copy("completions", "response");
        ObjectNode choice = (ObjectNode) arr(r, "choices").get(0);
        choice.put("text", text).put("finish_reason", finish());
        yield common(r, "usage", "timings");
      }
      case COMPLETION -> native_(Shapes.copy("completion", "response"), text, false);
      case MESSAGES -> {
        ObjectNode r = Shapes.copy("messages", "response");
        r.put("id", a.id()).put("model", a.ask().answerModel());
        ((ObjectNode) arr(r, "content").get(0)).put("text", text);
        r.put("stop_reason", a.hitLimit() ? "max_tokens" : "end_turn");
        messagesUsage((ObjectNode) r.get("usage"), a.completionTokens());
        yield r;
      }
      case RESPONSES -> {
        ObjectNode r = Shapes.copy("responses", "response");
        r.put("id", a.id()).put("model", a.ask().answerModel());
        r.put("created_at", a.created()).put("completed_at", a.created());
        ObjectNode item = (ObjectNode) arr(r, "output").get(0);
        item.put("id", messageId);
        ((ObjectNode) arr(item, "content").get(0)).put("text", text);
        responsesUsage((ObjectNode) r.get("usage"));
        yield r;
      }
    };
  }

  /** Events sent once the prompt is processed, before the first token's. */
  void head(Events out) throws IOException {
    switch (a.ask().endpoint()) {
      case CHAT -> out.send(null, Shapes.text(chunk(Shapes.copy("chat", "role_chunk"))));
      case MESSAGES -> {
        ObjectNode start = Shapes.copy("messages", "message_start");
        ObjectNode message = (ObjectNode) start.get("message");
        message.put("id", a.id()).put("model", a.ask().answerModel());
        messagesUsage((ObjectNode) message.get("usage"), 0);
        out.send("message_start", Shapes.text(start));
        out.send(
            "content_block_start", Shapes.text(Shapes.copy("messages", "content_block_start")));
      }
      case RESPONSES -> {
        for (String name : new String[] {"response.created", "response.in_progress"}) {
          ObjectNode e = Shapes.copy("responses", name);
          ((ObjectNode) e.get("response")).put("id", a.id());
          out.send(name, Shapes.text(e));
        }
        ObjectNode added = Shapes.copy("responses", "response.output_item.added");
        ((ObjectNode) added.get("item")).put("id", messageId);
        out.send("response.output_item.added", Shapes.text(added));
        ObjectNode part = Shapes.copy("responses", "response.content_part.added");
        part.put("item_id", messageId);
        out.send("response.content_part.added", Shapes.text(part));
      }
      default -> {}
    }
  }

  /** The event carrying generated token {@code i}. */
  void token(Events out, int i) throws IOException {
    String t = a.tokens().get(i);
    switch (a.ask().endpoint()) {
      case CHAT -> {
        ObjectNode c = chunk(Shapes.copy("chat", "delta_chunk"));
        ((ObjectNode) arr(c, "choices").get(0).get("delta")).put("content", t);
        out.send(null, Shapes.text(c));
      }
      case COMPLETIONS -> {
        ObjectNode c = chunk(Shapes.copy("completions", "delta_chunk"));
        ((ObjectNode) arr(c, "choices").get(0)).put("text", t);
        out.send(null, Shapes.text(c));
      }
      case COMPLETION -> {
        ObjectNode c = Shapes.copy("completion", "delta_chunk");
        c.put("content", t)
            .put("tokens_predicted", i + 1)
            .put("tokens_evaluated", a.promptTokens());
        arr(c, "tokens").removeAll().add(1000 + Math.abs(t.hashCode() % 120000));
        out.send(null, Shapes.text(c));
      }
      case MESSAGES -> {
        ObjectNode c = Shapes.copy("messages", "content_block_delta");
        ((ObjectNode) c.get("delta")).put("text", t);
        out.send("content_block_delta", Shapes.text(c));
      }
      case RESPONSES -> {
        ObjectNode c = Shapes.copy("responses", "response.output_text.delta");
        c.put("item_id", messageId).put("delta", t);
        out.send("response.output_text.delta", Shapes.text(c));
      }
    }
  }

  /** Events after the last token: finish, usage and timings, end of stream. */
  void tail(Events out) throws IOException {
    switch (a.ask().endpoint()) {
      case CHAT -> {
        ObjectNode finish = chunk(Shapes.copy("chat", "finish_chunk"));
        ((ObjectNode) arr(finish, "choices").get(0)).put("finish_reason", finish());
        if (a.ask().includeUsage()) {
          finish.remove("timings");
          out.send(null, Shapes.text(finish));
          ObjectNode usage = chunk(Shapes.copy("chat", "usage_chunk"));
          out.send(null, Shapes.text(fill(usage, "usage", "timings")));
        } else {
          out.send(null, Shapes.text(fill(finish, null, "timings")));
        }
        out.send(null, "[DONE]");
      }
      case COMPLETIONS -> {
        ObjectNode last = chunk(Shapes.copy("completions", "final_chunk"));
        ((ObjectNode) arr(last, "choices").get(0)).put("finish_reason", finish());
        out.send(null, Shapes.text(fill(last, "usage", "timings")));
        out.send(null, "[DONE]");
      }
      case COMPLETION ->
          out.send(null, Shapes.text(native_(Shapes.copy("completion", "final_chunk"), "", true)));
      case MESSAGES -> {
        out.send("content_block_stop", Shapes.text(Shapes.copy("messages", "content_block_stop")));
        ObjectNode delta = Shapes.copy("messages", "message_delta");
        ((ObjectNode) delta.get("delta"))
            .put("stop_reason", a.hitLimit() ? "max_tokens" : "end_turn");
        ((ObjectNode) delta.get("usage")).put("output_tokens", a.completionTokens());
        out.send("message_delta", Shapes.text(delta));
        out.send("message_stop", Shapes.text(Shapes.copy("messages", "message_stop")));
      }
      case RESPONSES -> {
        String text = a.text();
        ObjectNode done = Shapes.copy("responses", "response.output_text.done");
        done.put("item_id", messageId).put("text", text);
        out.send("response.output_text.done", Shapes.text(done));
        ObjectNode partDone = Shapes.copy("responses", "response.content_part.done");
        partDone.put("item_id", messageId);
        ((ObjectNode) partDone.get("part")).put("text", text);
        out.send("response.content_part.done", Shapes.text(partDone));
        ObjectNode itemDone = Shapes.copy("responses", "response.output_item.done");
        ObjectNode item = (ObjectNode) itemDone.get("item");
        item.put("id", messageId);
        ((ObjectNode) arr(item, "content").get(0)).put("text", text);
        out.send("response.output_item.done", Shapes.text(itemDone));
        ObjectNode completed = Shapes.copy("responses", "response.completed");
        ObjectNode response = (ObjectNode) completed.get("response");
        response.put("id", a.id()).put("created_at", a.created());
        response.put("model", a.ask().answerModel());
        ObjectNode outItem = (ObjectNode) arr(response, "output").get(0);
        outItem.put("id", messageId);
        ((ObjectNode) arr(outItem, "content").get(0)).put("text", text);
        responsesUsage((ObjectNode) response.get("usage"));
        timings((ObjectNode) completed.get("timings"));
        out.send("response.completed", Shapes.text(completed));
      }
    }
  }

  private static ArrayNode arr(ObjectNode node, String field) {
    return (ArrayNode) node.get(field);
  }

  private String finish() {
    return a.hitLimit() ? "length" : "stop";
  }

  /** id, created and model of an OpenAI-style chunk. */
  private ObjectNode chunk(ObjectNode c) {
    c.put("id", a.id()).put("created", a.created()).put("model", a.ask().answerModel());
    return c;
  }

  private ObjectNode common(ObjectNode r, String usage, String timings) {
    return fill(chunk(r), usage, timings);
  }

  private ObjectNode fill(ObjectNode r, String usage, String timings) {
    if (usage != null) {
      ObjectNode u = (ObjectNode) r.get(usage);
      u.put("completion_tokens", a.completionTokens())
          .put("prompt_tokens", a.promptTokens())
          .put("total_tokens", a.promptTokens() + a.completionTokens());
      ((ObjectNode) u.get("prompt_tokens_details")).put("cached_tokens", a.cachedTokens());
    }
    if (timings != null) {
      timings((ObjectNode) r.get(timings));
    }
    return r;
  }

  private ObjectNode native_(ObjectNode r, String content, boolean stream) {
    r.put("content", content)
        .put("model", a.ask().answerModel())
        .put("tokens_predicted", a.completionTokens())
        .put("tokens_evaluated", a.promptTokens())
        .put("prompt", a.ask().prompt())
        .put("stop_type", a.hitLimit() ? "limit" : "eos")
        .put("tokens_cached", a.promptTokens() + a.completionTokens());
    ObjectNode settings = (ObjectNode) r.get("generation_settings");
    int limit = a.ask().maxTokens() > 0 ? a.ask().maxTokens() : -1;
    settings.put("max_tokens", limit).put("n_predict", limit).put("stream", stream);
    timings((ObjectNode) r.get("timings"));
    return r;
  }

  private void messagesUsage(ObjectNode usage, int output) {
    usage
        .put("cache_read_input_tokens", a.cachedTokens())
        .put("input_tokens", a.promptTokens() - a.cachedTokens())
        .put("output_tokens", output);
  }

  private void responsesUsage(ObjectNode usage) {
    usage
        .put("input_tokens", a.promptTokens())
        .put("output_tokens", a.completionTokens())
        .put("total_tokens", a.promptTokens() + a.completionTokens());
    ((ObjectNode) usage.get("input_tokens_details")).put("cached_tokens", a.cachedTokens());
  }

  /** llama-server's {@code timings} object, from the answer's nominal times. */
  private void timings(ObjectNode t) {
    int promptN = a.promptTokens() - a.cachedTokens();
    int predictedN = a.completionTokens();
    double predictedMs = a.predictedMs();
    t.put("cache_n", a.cachedTokens())
        .put("prompt_n", promptN)
        .put("prompt_ms", round(a.promptMs()))
        .put("prompt_per_token_ms", a.promptMs() / promptN)
        .put("prompt_per_second", promptN * 1000.0 / a.promptMs())
        .put("predicted_n", predictedN)
        .put("predicted_ms", round(predictedMs))
        .put("predicted_per_token_ms", predictedN == 0 ? 0 : predictedMs / predictedN)
        .put("predicted_per_second", predictedMs == 0 ? 0 : predictedN * 1000.0 / predictedMs);
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
