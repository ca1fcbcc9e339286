package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.Endpoint;

/**
 * The embedding APIs ({@code /v1/embeddings}, Ollama's {@code /api/embed}): prompt tokens only, no
 * generated output, no answer to read.
 */
final class Embeddings extends EndpointFamily {

  Embeddings(Endpoint endpoint) {
    super(endpoint, false);
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    ChatCompletions.openAi(body, into, false);
    into.promptTokens(Json.count(body.get("prompt_eval_count"))); // Ollama /api/embed
  }

  @Override
  boolean output(String kind, JsonNode data) {
    return false;
  }
}
