package dev.tokentap.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.endpoint.EndpointFamily;

/**
 * What a request asks the simulated server for.
 *
 * @param family which API (its path decides the answer's shape)
 * @param prompt the prompt's text, in order (system, messages, input): the cache compares it
 * @param maxTokens the client's limit on generated tokens, or 0 for none
 */
record Ask(
    EndpointFamily family,
    DemoModel model,
    String requestedModel,
    String prompt,
    int maxTokens,
    boolean stream,
    boolean includeUsage) {

  /** The API at {@code path} when the demo server answers it, else null. */
  static EndpointFamily family(String path) {
    EndpointFamily family = EndpointFamily.ofPath(path);
    return family.writesReplies() ? family : null;
  }

  static Ask of(EndpointFamily family, JsonNode body) {
    String model = body.path("model").asText(null);
    StringBuilder prompt = new StringBuilder();
    for (String field : new String[] {"system", "instructions", "messages", "input", "prompt"}) {
      collectText(body.path(field), prompt);
    }
    int max = 0;
    for (String field :
        new String[] {"max_tokens", "max_completion_tokens", "n_predict", "max_output_tokens"}) {
      if (body.path(field).canConvertToInt() && body.path(field).asInt() > 0) {
        max = body.path(field).asInt();
      }
    }
    return new Ask(
        family,
        DemoModel.named(model),
        model,
        prompt.toString(),
        max,
        body.path("stream").asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false));
  }

  /** Every string under {@code node}, with a role marker per message (a chat template's cost). */
  private static void collectText(JsonNode node, StringBuilder out) {
    if (node.isTextual()) {
      out.append(node.asText()).append('\n');
    } else if (node.isArray()) {
      node.forEach(n -> collectText(n, out));
    } else if (node.isObject()) {
      if (node.has("role")) {
        out.append("<|").append(node.path("role").asText()).append("|>\n");
      }
      node.properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("role") && !e.getKey().equals("type")) {
                  collectText(e.getValue(), out);
                }
              });
    }
  }

  /** The model name an answer carries: what the client asked for, as llama-swap echoes it. */
  String answerModel() {
    return requestedModel != null && !requestedModel.isBlank() ? requestedModel : model.name();
  }
}
