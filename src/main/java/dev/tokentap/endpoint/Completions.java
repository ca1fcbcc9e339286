package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.Endpoint;

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
}
