package dev.tokentap.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON of a body to send again: checked, and its {@code model} read or rewritten. */
final class ReplayBody {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayBody() {}

  /** The body's top-level {@code model} text, or null (not JSON, no such field). */
  static String model(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.path("model").isTextual() ? n.path("model").asText() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * {@code body} checked as JSON, with its {@code model} set to {@code model} when that is not
   * empty and differs; the text as the user wrote it when nothing changes.
   *
   * @throws ReplayRefused when it is not JSON, or a model is asked of a body that is no JSON object
   */
  static String edited(String body, String model) throws ReplayRefused {
    if (body.isBlank()) {
      if (!model.isBlank()) {
        throw new ReplayRefused(
            "The body is empty: there is no \"model\" to set to " + model + ".");
      }
      return body;
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new ReplayRefused(
          "The body is not valid JSON"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage()
              + ". Correct it, then send.");
    }
    if (model.isBlank() || model.equals(model(body))) {
      return body;
    }
    if (!(n instanceof ObjectNode o)) {
      throw new ReplayRefused(
          "The body is not a JSON object: there is no \"model\" to set to " + model + ".");
    }
    o.put("model", model);
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new ReplayRefused("The body cannot be written back as JSON: " + e.getMessage());
    }
  }
}
