package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.model.Endpoint;

/** A path of no known API: a {@code model} and an OpenAI-style {@code usage}, if any. */
final class OtherEndpoint extends EndpointFamily {

  OtherEndpoint(Endpoint endpoint) {
    super(endpoint, false);
  }

  @Override
  void usage(JsonNode body, ReportedUsage into) {
    into.model(Json.string(body.get("model")));
    ChatCompletions.openAiUsage(body.get("usage"), into);
  }

  @Override
  boolean output(String kind, JsonNode data) {
    return false;
  }
}
