package dev.tokentap.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The Jackson bits the endpoint families share: reading fields the way every API is read. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code bytes} as one JSON value; unparseable when it is not well-formed JSON. */
  static JsonNode parse(byte[] bytes, String what) throws Unreadable {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw Unreadable.unparseable(what + " is empty");
      }
      return n;
    } catch (IOException e) {
      throw Unreadable.unparseable(what + " is not JSON");
    }
  }

  /** One stream frame as JSON, or null when it is not well-formed. */
  static JsonNode frame(String data) {
    try {
      return MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The string at {@code field}, or null when it is missing or not a string. */
  static String str(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * Text content: a string as is, or the {@code text} of the parts of an array of content parts
   * ({@code [{"type":"text","text":"..."}]}), joined; null for anything else.
   */
  static String text(JsonNode content) {
    if (content == null) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder b = new StringBuilder();
      for (JsonNode part : content) {
        String t = str(part, "text");
        if (t != null) {
          b.append(t);
        }
      }
      return b.toString();
    }
    return null;
  }

  /** Tool call arguments as a JSON string: a string as is, an object written as JSON. */
  static String arguments(JsonNode args) {
    if (args == null || args.isNull() || args.isMissingNode()) {
      return "";
    }
    return args.isTextual() ? args.asText() : args.toString();
  }

  /** Whether the body's first non-blank byte opens a JSON object (else it is a stream). */
  static boolean isObject(byte[] body) {
    for (byte c : body) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c == '{';
      }
    }
    return false;
  }

  /** The node's string, or null when it is missing or not a string. */
  static String string(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** A non-negative whole number, or null (absent, null, negative, fractional, text). */
  static Long count(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() && node.longValue() >= 0 ? node.longValue() : null;
    }
    double d = node.doubleValue();
    return d >= 0 && d == Math.rint(d) && d < 9e15 ? (long) d : null;
  }

  static Double number(JsonNode node) {
    return node != null && node.isNumber() ? node.doubleValue() : null;
  }

  static boolean nonEmptyText(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty();
  }

  static boolean nonEmptyArray(JsonNode node) {
    return node != null && node.isArray() && !node.isEmpty();
  }
}
