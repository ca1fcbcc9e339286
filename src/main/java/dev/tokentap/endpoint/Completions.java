package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Endpoint;
import java.io.IOException;

/**
 * The completion APIs: OpenAI's {@code /v1/completions} ({@code choices[].text}, {@code usage}) and
 * llama-server's native {@code /completion} and {@code /infill} ({@code content}, {@code tokens_*},
 * {@code stop_type}), each with llama-server's {@code timings}.
 */
final class Completions extends EndpointFamily {

  Completions(Endpoint endpoint) {
    super(endpoint, false);
  }

  private boolean openAi() {
    return endpoint == Endpoint.COMPLETIONS;
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    if (openAi()) {
      ChatCompletions.openAi(body, into, true);
    } else {
      nativeCompletion(body, into);
    }
  }

  /**
   * llama.cpp's native {@code /completion} and {@code /infill}: {@code tokens_evaluated} counts all
   * prompt tokens; {@code tokens_cached} is the slot's cache size after the request (prompt plus
   * generated), not the cached prompt tokens, so it is ignored in favour of {@code
   * timings.cache_n}.
   */
  private static void nativeCompletion(JsonNode body, ReportedUsage into) {
    into.model(Json.string(body.get("model")));
    into.finishReason(Json.string(body.get("stop_type")));
    into.promptTokens(Json.count(body.get("tokens_evaluated")));
    into.completionTokens(Json.count(body.get("tokens_predicted")));
    LlamaTimings.read(body.get("timings"), into);
  }

  @Override
  boolean output(String kind, JsonNode data) {
    if (!openAi()) {
      // A token that ends inside a multi-byte character can come with empty content.
      return Json.nonEmptyText(data.get("content")) || Json.nonEmptyArray(data.get("tokens"));
    }
    JsonNode choices = data.get("choices");
    if (choices == null || !choices.isArray()) {
      return false;
    }
    for (JsonNode choice : choices) {
      if (Json.nonEmptyText(choice.get("text"))) {
        return true;
      }
    }
    return false;
  }

  /** The text, whole or streamed: {@code choices[0].text} or {@code content}. */
  @Override
  Answer answer(byte[] body, StreamSplitter frames) throws Unreadable {
    return new StreamAnswer(frames) {
      @Override
      protected void frame(JsonNode frame) {
        JsonNode choices = frame.path("choices");
        if (choices.isArray()) {
          JsonNode c = choices.isEmpty() ? null : choices.get(0);
          answer.seen();
          if (c != null) {
            answer.text(Json.str(c, "text")).finishReason(Json.str(c, "finish_reason"));
          }
        } else if (frame.has("content")) {
          answer.seen().text(Json.str(frame, "content")).finishReason(stopType(frame));
        }
      }
    }.sseOrJson(body);
  }

  /** llama-server's {@code stop_type} ("eos", "limit", ...) once it stopped; "none" is no stop. */
  private static String stopType(JsonNode frame) {
    String s = Json.str(frame, "stop_type");
    return s == null || s.equals("none") ? null : s;
  }

  /** {@code /v1/completions} and {@code /completion}; not {@code /infill}. */
  @Override
  public boolean writesReplies() {
    return endpoint != Endpoint.INFILL;
  }

  @Override
  public ObjectNode wholeReply(Generation g) {
    if (!openAi()) {
      return nativeReply(Shapes.copy("completion", "response"), g, g.text(), false);
    }
    ObjectNode r = Shapes.copy("completions", "response");
    ObjectNode choice = (ObjectNode) Shapes.array(r, "choices").get(0);
    choice.put("text", g.text()).put("finish_reason", ChatCompletions.finish(g));
    return ChatCompletions.fill(ChatCompletions.chunk(r, g), g, "usage", "timings");
  }

  @Override
  public void replyToken(Generation g, Events out, int i) throws IOException {
    String t = g.tokens().get(i);
    if (openAi()) {
      ObjectNode c = ChatCompletions.chunk(Shapes.copy("completions", "delta_chunk"), g);
      ((ObjectNode) Shapes.array(c, "choices").get(0)).put("text", t);
      out.send(null, Shapes.text(c));
      return;
    }
    ObjectNode c = Shapes.copy("completion", "delta_chunk");
    c.put("content", t).put("tokens_predicted", i + 1).put("tokens_evaluated", g.promptTokens());
    Shapes.array(c, "tokens").removeAll().add(1000 + Math.abs(t.hashCode() % 120000));
    out.send(null, Shapes.text(c));
  }

  @Override
  public void replyTail(Generation g, Events out) throws IOException {
    if (!openAi()) {
      ObjectNode last = nativeReply(Shapes.copy("completion", "final_chunk"), g, "", true);
      out.send(null, Shapes.text(last));
      return;
    }
    ObjectNode last = ChatCompletions.chunk(Shapes.copy("completions", "final_chunk"), g);
    ((ObjectNode) Shapes.array(last, "choices").get(0))
        .put("finish_reason", ChatCompletions.finish(g));
    out.send(null, Shapes.text(ChatCompletions.fill(last, g, "usage", "timings")));
    out.send(null, "[DONE]");
  }

  /** llama-server's native answer (whole, or the last event of a stream). */
  private static ObjectNode nativeReply(
      ObjectNode r, Generation g, String content, boolean stream) {
    r.put("content", content)
        .put("model", g.model())
        .put("tokens_predicted", g.completionTokens())
        .put("tokens_evaluated", g.promptTokens())
        .put("prompt", g.prompt())
        .put("stop_type", g.hitLimit() ? "limit" : "eos")
        .put("tokens_cached", g.promptTokens() + g.completionTokens());
    ObjectNode settings = (ObjectNode) r.get("generation_settings");
    int limit = g.maxTokens() > 0 ? g.maxTokens() : -1;
    settings.put("max_tokens", limit).put("n_predict", limit).put("stream", stream);
    LlamaTimings.write((ObjectNode) r.get("timings"), g);
    return r;
  }
}
