package dev.tokentap.bench;

import java.nio.charset.StandardCharsets;

/** The bytes the benchmark sends and answers: shaped like llama-server's chat completions. */
final class Payloads {
  private Payloads() {}

  /** A chat-completions request body (~250 bytes), not streamed. */
  static final byte[] CHAT_REQUEST =
      ascii(
          "{\"model\": \"tiny\", \"messages\": [{\"role\": \"system\", \"content\": \"You are a"
              + " helpful assistant.\"}, {\"role\": \"user\", \"content\": \"Write a short poem"
              + " about a lighthouse keeper and the sea.\"}], \"max_tokens\": 32,"
              + " \"temperature\": 0.8, \"seed\": 42, \"stream\": false}");

  /** The same request asking for a stream. */
  static final byte[] CHAT_STREAM_REQUEST =
      ascii(
          "{\"model\": \"tiny\", \"messages\": [{\"role\": \"system\", \"content\": \"You are a"
              + " helpful assistant.\"}, {\"role\": \"user\", \"content\": \"Write a short poem"
              + " about a lighthouse keeper and the sea.\"}], \"max_tokens\": 200,"
              + " \"temperature\": 0.8, \"seed\": 42, \"stream\": true}");

  /** A non-streamed chat completion (~800 bytes), like llama-server's. */
  static final byte[] CHAT_RESPONSE =
      ascii(
          "{\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"message\":{\"role\":"
              + "\"assistant\",\"content\":\" The keeper climbs the winding stair each night,"
              + " to tend the lamp that guards the reef with light; the sea below keeps"
              + " counting waves like sheep, and he keeps count of ships that he can't keep."
              + "\"}}],\"created\":1795343880,\"model\":\"tiny\",\"system_fingerprint\":"
              + "\"b1-de3ff81\",\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":32,"
              + "\"prompt_tokens\":34,\"total_tokens\":66,\"prompt_tokens_details\":"
              + "{\"cached_tokens\":0}},\"id\":\"chatcmpl-6XhORg7TdJWJEPy8QOb9oEhhnzOb6f6V\","
              + "\"timings\":{\"cache_n\":0,\"prompt_n\":34,\"prompt_ms\":3.773,"
              + "\"prompt_per_token_ms\":0.11097058823529413,\"prompt_per_second\":"
              + "9011.396766498807,\"predicted_n\":32,\"predicted_ms\":5722.924,"
              + "\"predicted_per_token_ms\":184.61045161290323,\"predicted_per_second\":"
              + "5.416811406197252}}");

  /** The key under which an SSE event carries the upstream's send time (System.nanoTime). */
  static final byte[] SEND_TIME_KEY = ascii("\"t_ns\":");

  private static final int TIME_FIELD = 20;

  /** One SSE event (~230 bytes) with a send-time field of fixed width, ready to stamp. */
  static final byte[] SSE_EVENT_TEMPLATE =
      ascii(
          "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":"
              + "\" keeper\"}}],\"created\":1795343885,\"id\":"
              + "\"chatcmpl-UIgve1fgiKxuliCcmPYqqnwANfMcyiNa\",\"model\":\"tiny\",\"object\":"
              + "\"chat.completion.chunk\",\"t_ns\":"
              + " ".repeat(TIME_FIELD)
              + "}\n\n");

  static final byte[] SSE_DONE = ascii("data: [DONE]\n\n");

  private static final int TIME_OFFSET =
      indexOf(SSE_EVENT_TEMPLATE, SSE_EVENT_TEMPLATE.length, SEND_TIME_KEY, 0)
          + SEND_TIME_KEY.length;

  /** Writes {@code nanos} right-aligned into the time field of {@code event} (a template copy). */
  static void stampSendTime(byte[] event, int eventOffset, long nanos) {
    String digits = Long.toString(nanos);
    int start = eventOffset + TIME_OFFSET;
    for (int i = 0; i < TIME_FIELD; i++) {
      event[start + i] = ' ';
    }
    byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(d, 0, event, start + TIME_FIELD - d.length, d.length);
  }

  /** The send time stamped into an event, or {@code Long.MIN_VALUE} when it has none. */
  static long sendTimeOf(byte[] event, int len) {
    int at = indexOf(event, len, SEND_TIME_KEY, 0);
    if (at < 0) {
      return Long.MIN_VALUE;
    }
    int i = at + SEND_TIME_KEY.length;
    while (i < len && event[i] == ' ') {
      i++;
    }
    boolean negative = i < len && event[i] == '-';
    if (negative) {
      i++;
    }
    long v = 0;
    int digits = 0;
    while (i < len && event[i] >= '0' && event[i] <= '9') {
      v = v * 10 + (event[i] - '0');
      i++;
      digits++;
    }
    return digits == 0 ? Long.MIN_VALUE : negative ? -v : v;
  }

  static boolean contains(byte[] haystack, String needle) {
    return indexOf(haystack, haystack.length, ascii(needle), 0) >= 0;
  }

  /** The first index of {@code needle} within the first {@code length} bytes, or -1. */
  static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
