package dev.tokentap.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What llama-server told the client about an answer, read from the body the client got: the test's
 * own reading, written from llama-server's documented shapes (the fixtures' README), independent of
 * TokenTap's {@code metrics} package. {@code timings} wins where present (prompt = {@code prompt_n
 * + cache_n}); otherwise the endpoint's usage object. A figure the body does not carry is null.
 */
record ReportedFigures(Long prompt, Long cached, Long completion, Double promptTps, Double genTps) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final ReportedFigures NONE = new ReportedFigures(null, null, null, null, null);

  boolean any() {
    return prompt != null || completion != null;
  }

  static ReportedFigures of(String body, boolean sse) {
    List<JsonNode> docs = sse ? events(body) : single(body);
    JsonNode timings = null;
    Long prompt = null;
    Long cached = null;
    Long completion = null;
    for (JsonNode doc : docs) {
      if (doc.path("timings").has("predicted_n")) { // not a slot save's {"save_ms":...}
        timings = doc.get("timings");
      }
      // /v1/responses stream: response.completed carries response.usage
      JsonNode usage = doc.has("response") ? doc.get("response").path("usage") : doc.path("usage");
      if (doc.has("message") && doc.get("message").has("usage")) {
        usage = doc.get("message").get("usage"); // /v1/messages stream: message_start
      }
      if (usage.isObject()) {
        if (usage.has("prompt_tokens")) { // OpenAI chat, completions, embeddings
          prompt = usage.get("prompt_tokens").asLong();
          cached = longOrNull(usage.path("prompt_tokens_details").path("cached_tokens"));
          completion = longOrNull(usage.path("completion_tokens"));
        } else if (usage.has("input_tokens_details")) { // /v1/responses: input includes cached
          prompt = usage.get("input_tokens").asLong();
          cached = longOrNull(usage.get("input_tokens_details").path("cached_tokens"));
          completion = longOrNull(usage.path("output_tokens"));
        } else if (usage.has("input_tokens") || usage.has("cache_read_input_tokens")) {
          // /v1/messages: input_tokens counts the uncached tokens only
          long read = usage.path("cache_read_input_tokens").asLong(0);
          prompt = usage.path("input_tokens").asLong(0) + read;
          cached = read;
          if (usage.has("output_tokens") && (!sse || !doc.has("message"))) {
            completion = usage.get("output_tokens").asLong();
          }
        } else if (usage.has("output_tokens")) { // /v1/messages stream: message_delta
          completion = usage.get("output_tokens").asLong();
        }
      }
      if (doc.has("tokens_evaluated")) { // native /completion, /infill
        prompt = doc.get("tokens_evaluated").asLong();
        completion = longOrNull(doc.path("tokens_predicted"));
      }
    }
    if (timings != null) {
      long cacheN = timings.path("cache_n").asLong();
      return new ReportedFigures(
          timings.path("prompt_n").asLong() + cacheN,
          cacheN,
          timings.path("predicted_n").asLong(),
          timings.path("prompt_per_second").asDouble(),
          timings.path("predicted_per_second").asDouble());
    }
    return new ReportedFigures(prompt, cached, completion, null, null);
  }

  private static Long longOrNull(JsonNode n) {
    return n.isNumber() ? n.asLong() : null;
  }

  private static List<JsonNode> single(String body) {
    try {
      JsonNode doc = JSON.readTree(body);
      return doc != null && doc.isObject() ? List.of(doc) : List.of();
    } catch (IOException e) {
      return List.of(); // not JSON (e.g. /metrics)
    }
  }

  /** The JSON of every {@code data:} line, {@code [DONE]} left out. */
  static List<JsonNode> events(String body) {
    List<JsonNode> docs = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        String data = line.substring(5).trim();
        if (!data.equals("[DONE]")) {
          try {
            docs.add(JSON.readTree(data));
          } catch (IOException e) {
            throw new UncheckedIOException("not JSON in an event: " + data, e);
          }
        }
      }
    }
    return docs;
  }
}
