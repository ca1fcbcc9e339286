package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * llama-server's {@code timings} object, which it adds to the answers of several families (chat,
 * the completion APIs, the last event of a Responses stream): counts (fallback for usage) and the
 * server's own speeds. Read from answers, and written into the demo server's.
 */
final class LlamaTimings {

  private LlamaTimings() {}

  static void read(JsonNode timings, ReportedUsage into) {
    if (timings == null || !timings.isObject()) {
      return;
    }
    into.timingsCounts(
        Json.count(timings.get("prompt_n")),
        Json.count(timings.get("cache_n")),
        Json.count(timings.get("predicted_n")));
    into.promptTps(Json.number(timings.get("prompt_per_second")));
    into.genTps(Json.number(timings.get("predicted_per_second")));
  }

  /** Fills llama-server's {@code timings} object {@code t} from the generation's nominal times. */
  static void write(ObjectNode t, Generation g) {
    int promptN = g.promptTokens() - g.cachedTokens();
    int predictedN = g.completionTokens();
    double predictedMs = g.predictedMs();
    t.put("cache_n", g.cachedTokens())
        .put("prompt_n", promptN)
        .put("prompt_ms", round(g.promptMs()))
        .put("prompt_per_token_ms", g.promptMs() / promptN)
        .put("prompt_per_second", promptN * 1000.0 / g.promptMs())
        .put("predicted_n", predictedN)
        .put("predicted_ms", round(predictedMs))
        .put("predicted_per_token_ms", predictedN == 0 ? 0 : predictedMs / predictedN)
        .put("predicted_per_second", predictedMs == 0 ? 0 : predictedN * 1000.0 / predictedMs);
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
