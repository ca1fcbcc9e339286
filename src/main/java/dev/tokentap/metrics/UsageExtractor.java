package dev.tokentap.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.Endpoint;
import java.util.Set;

/**
 * Reads what a server reported (model, finish reason, token counts, llama.cpp timings) out of a
 * response body or one stream event, by the rules of the endpoint's API, into {@link
 * ReportedUsage}. One meaning per figure whatever the API: prompt tokens include cached ones.
 */
final class UsageExtractor {

  /** Top-level fields of a non-streamed body that can carry a figure; the rest is skipped. */
  static final Set<String> BODY_FIELDS =
      Set.of(
          "model",
          "usage",
          "timings",
          "choices",
          "stop_type",
          "tokens_evaluated",
          "tokens_predicted",
          "stop_reason",
          "status",
          "incomplete_details",
          "done_reason",
          "prompt_eval_count",
          "prompt_eval_duration",
          "eval_count",
          "eval_duration");

  private final Endpoint endpoint;

  UsageExtractor(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** A whole non-streamed response body (or one line of an Ollama stream). */
  void fromBody(JsonNode body, ReportedUsage into) {
    if (body == null || !body.isObject()) {
      return;
    }
    switch (endpoint) {
      case CHAT_COMPLETIONS, COMPLETIONS -> openAi(body, into, true);
      case EMBEDDINGS -> {
        openAi(body, into, false);
        into.promptTokens(count(body.get("prompt_eval_count"))); // Ollama /api/embed
      }
      case NATIVE_COMPLETION, INFILL -> nativeCompletion(body, into);
      case MESSAGES -> {
        into.model(text(body.get("model")));
        into.finishReason(text(body.get("stop_reason")));
        anthropicUsage(body.get("usage"), into, true);
      }
      case RESPONSES -> {
        response(body, into, true);
        timings(body.get("timings"), into);
      }
      case OLLAMA_CHAT, OLLAMA_GENERATE -> ollama(body, into);
      case OTHER -> {
        into.model(text(body.get("model")));
        openAiUsage(body.get("usage"), into);
      }
    }
  }

  /**
   * One stream event's data. {@code type} is the SSE {@code event:} name (null for NDJSON lines and
   * unnamed events); the data's own {@code type} field wins when it has one.
   */
  void fromEvent(String type, JsonNode data, ReportedUsage into) {
    if (data == null || !data.isObject()) {
      return;
    }
    String kind = text(data.get("type"));
    if (kind == null) {
      kind = type;
    }
    switch (endpoint) {
      case MESSAGES -> messagesEvent(kind, data, into);
      case RESPONSES -> responsesEvent(kind, data, into);
      default -> fromBody(data, into);
    }
  }

  private static void openAi(JsonNode body, ReportedUsage into, boolean withTimings) {
    into.model(text(body.get("model")));
    JsonNode choices = body.get("choices");
    if (choices != null && choices.isArray() && !choices.isEmpty()) {
      into.finishReason(text(choices.get(0).get("finish_reason")));
    }
    openAiUsage(body.get("usage"), into);
    if (withTimings) {
      timings(body.get("timings"), into);
    }
  }

  private static void openAiUsage(JsonNode usage, ReportedUsage into) {
    if (usage == null || !usage.isObject()) {
      return; // absent, or "usage": null on a vLLM chunk
    }
    into.promptTokens(count(usage.get("prompt_tokens")));
    into.completionTokens(count(usage.get("completion_tokens")));
    into.cachedTokens(count(usage.path("prompt_tokens_details").get("cached_tokens")));
  }

  /**
   * llama.cpp's native {@code /completion} and {@code /infill}: {@code tokens_evaluated} counts all
   * prompt tokens; {@code tokens_cached} is the slot's cache size after the request (prompt plus
   * generated), not the cached prompt tokens, so it is ignored in favour of {@code
   * timings.cache_n}.
   */
  private static void nativeCompletion(JsonNode body, ReportedUsage into) {
    into.model(text(body.get("model")));
    into.finishReason(text(body.get("stop_type")));
    into.promptTokens(count(body.get("tokens_evaluated")));
    into.completionTokens(count(body.get("tokens_predicted")));
    timings(body.get("timings"), into);
  }

  private static void messagesEvent(String kind, JsonNode data, ReportedUsage into) {
    if ("message_start".equals(kind)) {
      JsonNode message = data.path("message");
      into.model(text(message.get("model")));
      // output_tokens here is a placeholder for the start of generation, not a count.
      anthropicUsage(message.get("usage"), into, false);
    } else if ("message_delta".equals(kind)) {
      into.finishReason(text(data.path("delta").get("stop_reason")));
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
    Long input = count(usage.get("input_tokens"));
    Long cacheRead = count(usage.get("cache_read_input_tokens"));
    Long cacheCreation = count(usage.get("cache_creation_input_tokens"));
    if (input != null) {
      Long prompt = ReportedUsage.sum(input, cacheRead != null ? cacheRead : 0);
      if (prompt != null) {
        prompt = ReportedUsage.sum(prompt, cacheCreation != null ? cacheCreation : 0);
      }
      into.promptTokens(prompt);
    }
    into.cachedTokens(cacheRead);
    if (withOutput) {
      into.completionTokens(count(usage.get("output_tokens")));
    }
  }

  private static void responsesEvent(String kind, JsonNode data, ReportedUsage into) {
    JsonNode response = data.get("response");
    if (response != null && response.isObject()) {
      boolean terminal =
          "response.completed".equals(kind)
              || "response.incomplete".equals(kind)
              || "response.failed".equals(kind);
      response(response, into, terminal);
    }
    timings(data.get("timings"), into); // llama.cpp puts them beside the response.completed body
  }

  /** A Responses API response object; its status is a finish reason only once it is final. */
  private static void response(JsonNode response, ReportedUsage into, boolean terminal) {
    into.model(text(response.get("model")));
    if (terminal) {
      String reason = text(response.path("incomplete_details").get("reason"));
      into.finishReason(reason != null ? reason : text(response.get("status")));
    }
    JsonNode usage = response.get("usage");
    if (usage != null && usage.isObject()) {
      into.promptTokens(count(usage.get("input_tokens")));
      into.cachedTokens(count(usage.path("input_tokens_details").get("cached_tokens")));
      into.completionTokens(count(usage.get("output_tokens")));
    }
  }

  /** Ollama's native API: counts, and durations in nanoseconds. Cached tokens are not reported. */
  private static void ollama(JsonNode body, ReportedUsage into) {
    into.model(text(body.get("model")));
    into.finishReason(text(body.get("done_reason")));
    Long prompt = count(body.get("prompt_eval_count"));
    Long completion = count(body.get("eval_count"));
    into.promptTokens(prompt);
    into.completionTokens(completion);
    into.promptTps(perSecond(prompt, count(body.get("prompt_eval_duration"))));
    into.genTps(perSecond(completion, count(body.get("eval_duration"))));
  }

  private static Double perSecond(Long tokens, Long durationNanos) {
    if (tokens == null || durationNanos == null || durationNanos <= 0) {
      return null;
    }
    return tokens / (durationNanos / 1e9);
  }

  /** llama.cpp {@code timings}: counts (fallback for usage) and the server's own speeds. */
  private static void timings(JsonNode timings, ReportedUsage into) {
    if (timings == null || !timings.isObject()) {
      return;
    }
    into.timingsCounts(
        count(timings.get("prompt_n")),
        count(timings.get("cache_n")),
        count(timings.get("predicted_n")));
    into.promptTps(number(timings.get("prompt_per_second")));
    into.genTps(number(timings.get("predicted_per_second")));
  }

  /** A non-negative whole number, or null (absent, null, negative, fractional, text). */
  private static Long count(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() && node.longValue() >= 0 ? node.longValue() : null;
    }
    double d = node.doubleValue();
    return d >= 0 && d == Math.rint(d) && d < 9e15 ? (long) d : null;
  }

  private static Double number(JsonNode node) {
    return node != null && node.isNumber() ? node.doubleValue() : null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
