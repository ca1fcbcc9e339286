package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.PromptProgress;

/**
 * llama-server's {@code "prompt_progress": {"total", "cache", "processed", "time_ms"}}, which it
 * adds to a stream's events (of any family it streams) when the request asked for {@code
 * return_progress}; {@code processed} includes the cached tokens.
 */
public final class PromptProgressEvents {

  private PromptProgressEvents() {}

  /** The progress {@code event} carries, or null when it carries none. */
  public static PromptProgress of(JsonNode event) {
    JsonNode p = event.get("prompt_progress");
    if (p == null
        || !p.isObject()
        || !p.path("total").isIntegralNumber()
        || !p.path("processed").isIntegralNumber()) {
      return null;
    }
    return new PromptProgress(
        p.get("processed").asLong(), p.get("total").asLong(), p.path("cache").asLong(0));
  }
}
