package dev.tokentap.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.Unreadable;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.SearchText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The searchable text of stored bodies (decision record 0026): the string values of a JSON body
 * (the prompt's messages, a tool's description; never the keys, numbers or embeddings), a data URI
 * or other long unbroken value left out; for a response, the answer as the endpoint family
 * reassembles it from a stream or a JSON body (content, reasoning, tool calls), so SSE framing and
 * per-token JSON are not indexed; anything else as its decoded text. Found by {@link
 * java.util.ServiceLoader} through {@code META-INF/services} (the store cannot import this
 * package); stateless.
 */
public final class CaptureSearchText implements SearchText {

  /** A string value longer than this without a space is data (base64, an id), not words. */
  static final int MAX_WORD = 512;

  public CaptureSearchText() {}

  @Override
  public String request(Endpoint endpoint, byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    JsonNode json = json(body);
    return json == null ? SearchText.decoded(body) : strings(json);
  }

  @Override
  public String response(Endpoint endpoint, byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    EndpointFamily family = EndpointFamily.of(endpoint);
    EndpointFamily.Reading reading = family.read(body, StreamFrames.SPLITTER);
    if (reading.answer() != null) {
      return answer(reading.answer());
    }
    JsonNode json = json(body);
    if (json != null) {
      return strings(json);
    }
    if (looksLikeSse(body)) {
      StringBuilder out = new StringBuilder();
      StreamFrames.sse(
          body,
          (type, data) -> {
            JsonNode frame = json(data.getBytes(StandardCharsets.UTF_8));
            append(out, frame == null ? data : strings(frame));
          });
      return out.toString();
    }
    return SearchText.decoded(body);
  }

  private static String answer(Answer a) {
    StringBuilder out = new StringBuilder();
    append(out, a.content());
    append(out, a.reasoning());
    for (String call : a.toolCallsText()) {
      append(out, call);
    }
    return out.toString();
  }

  private static JsonNode json(byte[] body) {
    int first = 0;
    while (first < body.length && Character.isWhitespace(body[first])) {
      first++;
    }
    if (first == body.length || (body[first] != '{' && body[first] != '[')) {
      return null;
    }
    try {
      return EndpointFamily.parse(body, "body");
    } catch (Unreadable | RuntimeException e) {
      return null;
    }
  }

  private static boolean looksLikeSse(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 16), StandardCharsets.UTF_8);
    return head.startsWith("data:") || head.startsWith("event:") || head.startsWith(":");
  }

  /** The string values of {@code root}, one a line, depth first, without recursion. */
  static String strings(JsonNode root) {
    StringBuilder out = new StringBuilder();
    Deque<Iterator<JsonNode>> stack = new ArrayDeque<>();
    visit(root, out, stack);
    while (!stack.isEmpty()) {
      Iterator<JsonNode> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        continue;
      }
      visit(it.next(), out, stack);
    }
    return out.toString();
  }

  private static void visit(JsonNode n, StringBuilder out, Deque<Iterator<JsonNode>> stack) {
    if (n.isTextual()) {
      String s = n.asText();
      if (isWords(s)) {
        append(out, s);
      }
    } else if (n.isContainerNode()) {
      stack.push(n.elements()); // an object's values: its keys are not searched
    }
  }

  /** Not a data URI nor a long value without a blank (base64, a signature). */
  static boolean isWords(String s) {
    if (s.isEmpty() || s.startsWith("data:") && s.contains(";base64,")) {
      return false;
    }
    if (s.length() <= MAX_WORD) {
      return true;
    }
    for (int i = 0; i < MAX_WORD; i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static void append(StringBuilder out, String s) {
    if (s == null || s.isEmpty()) {
      return;
    }
    if (!out.isEmpty()) {
      out.append('\n');
    }
    out.append(s);
  }
}
