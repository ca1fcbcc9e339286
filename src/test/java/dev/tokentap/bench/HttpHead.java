package dev.tokentap.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * The start line and the framing-relevant headers of one HTTP/1.1 message.
 *
 * @param startLine request line or status line
 * @param contentLength the Content-Length, or -1 when absent
 * @param chunked whether Transfer-Encoding ends in chunked
 * @param connectionClose whether the peer asked to close after this message (or spoke HTTP/1.0)
 * @param expectContinue whether the request carried "Expect: 100-continue"
 * @param contentType the Content-Type, or "" when absent
 * @param pacing the value of {@link #PACED_HEADER}, or "" when absent (the fake upstream then
 *     writes a stream's events from its shared pacer thread instead of the connection's own)
 */
record HttpHead(
    String startLine,
    long contentLength,
    boolean chunked,
    boolean connectionClose,
    boolean expectContinue,
    String contentType,
    String pacing) {

  /**
   * Request header asking the fake upstream for a paced stream: {@code
   * EVENTS,MIN_GAP_US,MAX_GAP_US} (or any other value for its own stream shape).
   */
  static final String PACED_HEADER = "X-Bench-Paced";

  /** Reads a head; returns null when the connection ended cleanly before its first byte. */
  static HttpHead readOrNull(HttpReader r) throws IOException {
    String start = r.readLineOrNull();
    if (start == null) {
      return null;
    }
    long length = -1;
    boolean chunked = false;
    boolean close = start.startsWith("HTTP/1.0") || start.endsWith("HTTP/1.0");
    boolean expect = false;
    String type = "";
    String pacing = "";
    for (int i = 0; i < 200; i++) {
      String line = r.readLine();
      if (line.isEmpty()) {
        return new HttpHead(start, length, chunked, close, expect, type, pacing);
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: '" + line + "'");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        case "expect" -> expect = value.equalsIgnoreCase("100-continue");
        case "content-type" -> type = value;
        case "x-bench-paced" -> pacing = value.isEmpty() ? "-" : value;
        default -> {}
      }
    }
    throw new IOException("more than 200 header lines");
  }

  /** The status code of a status line. */
  int status() throws IOException {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("bad status line: '" + startLine + "'");
    }
    return Integer.parseInt(parts[1]);
  }
}
