package dev.tokentap.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON shapes llama-server answers with, one resource file per endpoint family (and {@code
 * server} for {@code /health}, {@code /v1/models} and its errors) under {@code shapes/}, copied
 * from the recorded fixtures. The demo server fills in text, counts and timings on a copy; the
 * framing (field names, order, nesting, constant fields) stays the fixture's.
 */
public final class Shapes {

  /** The mapper the shapes are read and written with. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, JsonNode> FILES = new ConcurrentHashMap<>();

  private Shapes() {}

  /** A fresh copy of shape {@code key} from {@code shapes/FILE.json}. */
  public static ObjectNode copy(String file, String key) {
    JsonNode shape = FILES.computeIfAbsent(file, Shapes::load).get(key);
    if (!(shape instanceof ObjectNode object)) {
      throw new IllegalArgumentException("no shape " + key + " in " + file + ".json");
    }
    return object.deepCopy();
  }

  private static JsonNode load(String file) {
    try (InputStream in = Shapes.class.getResourceAsStream("shapes/" + file + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing resource shapes/" + file + ".json");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compact JSON, as llama-server writes it. */
  public static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The array at {@code field} of a shape. */
  static ArrayNode array(ObjectNode node, String field) {
    return (ArrayNode) node.get(field);
  }
}
