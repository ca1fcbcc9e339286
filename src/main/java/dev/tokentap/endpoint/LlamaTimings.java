package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * llama-server's {@code timings} object, which it adds to the answers of several families (chat,
 * the completion APIs, the last event of a Responses stream): counts (fallback for usage) and the
 * server's own speeds.
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
}
