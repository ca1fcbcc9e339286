package dev.tokentap.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the model servers' own status answers: llama-server's {@code /slots}, {@code /props} and
 * {@code /metrics} (Prometheus text), Ollama's {@code /api/ps}, and {@code /v1/models}. Each
 * returns null when the bytes are not that answer (another server's page, torn JSON).
 */
final class ServerJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerJson() {}

  /** llama-server's {@code GET /slots}: a JSON array of slots. */
  static List<LlamaSlot> slots(byte[] body) {
    JsonNode root = tree(body);
    if (root == null || !root.isArray()) {
      return null;
    }
    List<LlamaSlot> slots = new ArrayList<>();
    for (JsonNode s : root) {
      if (!s.has("id") || !s.has("is_processing")) {
        return null;
      }
      slots.add(
          new LlamaSlot(
              s.path("id").asInt(),
              s.path("id_task").asLong(-1),
              s.path("n_ctx").asInt(),
              s.path("is_processing").asBoolean(),
              s.path("n_prompt_tokens").asLong(),
              s.path("n_prompt_tokens_processed").asLong(),
              s.path("n_prompt_tokens_cache").asLong(),
              s.path("next_token").path(0).path("n_decoded").asLong()));
    }
    return slots;
  }

  /** llama-server's {@code GET /props}. */
  static LlamaProps props(byte[] body) {
    JsonNode root = tree(body);
    if (root == null
        || !root.isObject()
        || !(root.has("total_slots") || root.has("default_generation_settings"))) {
      return null;
    }
    return new LlamaProps(
        text(root, "model_path"),
        text(root, "model_alias"),
        text(root, "build_info"),
        root.path("default_generation_settings").path("n_ctx").asInt(),
        root.path("total_slots").asInt());
  }

  /** Ollama's {@code GET /api/ps}: {@code {"models":[...]}}. */
  static List<OllamaModel> ollamaLoaded(byte[] body) {
    JsonNode root = tree(body);
    if (root == null || !root.path("models").isArray()) {
      return null;
    }
    List<OllamaModel> models = new ArrayList<>();
    for (JsonNode m : root.path("models")) {
      String name = text(m, "name");
      models.add(
          new OllamaModel(
              name != null ? name : text(m, "model"),
              m.path("size").asLong(),
              m.path("size_vram").asLong(),
              text(m, "expires_at")));
    }
    return models;
  }

  /** {@code GET /v1/models}: the ids of {@code data}. */
  static List<String> modelIds(byte[] body) {
    JsonNode root = tree(body);
    if (root == null || !root.path("data").isArray()) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode m : root.path("data")) {
      String id = text(m, "id");
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * Prometheus text ({@code /metrics}): each sample's name (labels included, as written) and value,
   * in order; comments and lines that do not parse are skipped. Null when nothing parses.
   */
  static Map<String, Double> counters(byte[] body) {
    Map<String, Double> counters = new LinkedHashMap<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      // name{labels} value [timestamp]
      int brace = l.indexOf('{') < 0 ? -1 : l.indexOf('}');
      int end = brace >= 0 ? brace + 1 : l.indexOf(' ');
      if (end <= 0 || end >= l.length()) {
        continue;
      }
      String name = l.substring(0, end);
      String[] rest = l.substring(end).strip().split("\\s+");
      try {
        counters.put(name, Double.parseDouble(rest[0]));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return counters.isEmpty() ? null : counters;
  }

  private static JsonNode tree(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
