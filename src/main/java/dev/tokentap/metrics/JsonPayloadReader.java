package dev.tokentap.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the JSON the parsers look at: one stream event whole, or a buffered body with only the
 * top-level fields that can hold metrics (so a 16 MiB embeddings array never becomes a tree).
 * Anything that is not well-formed JSON yields nothing; nothing here throws.
 */
final class JsonPayloadReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonPayloadReader() {}

  /** A parser over the bytes, for callers that walk tokens themselves. */
  static JsonParser parser(byte[] buf, int off, int len) throws IOException {
    return MAPPER.getFactory().createParser(buf, off, len);
  }

  /** One event's JSON value, or null when the bytes are not one well-formed JSON value. */
  static JsonNode readValue(byte[] buf, int off, int len) {
    try {
      JsonNode node = MAPPER.readTree(buf, off, len);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Hands each complete top-level object in the bytes to {@code each}, reduced to the fields named
   * in {@code keep} (other values are skipped token by token, never materialised). Usually there is
   * one object; several whitespace-separated ones (JSON lines sent as {@code application/json}) are
   * handed over in order. An object is handed over only once its closing brace was read, so a
   * truncated body never yields a half-read (possibly cut-off) number. Reading stops at the first
   * malformed byte; top-level values that are not objects are skipped.
   */
  static void readObjects(
      byte[] buf, int off, int len, Set<String> keep, Consumer<ObjectNode> each) {
    try (JsonParser p = parser(buf, off, len)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        ObjectNode kept = MAPPER.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (keep.contains(name)) {
            JsonNode value = MAPPER.readTree(p);
            kept.set(name, value);
          } else {
            p.skipChildren();
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
          return;
        }
        each.accept(kept);
      }
    } catch (IOException | RuntimeException e) {
      // Malformed or truncated: what was complete has been handed over.
    }
  }
}
