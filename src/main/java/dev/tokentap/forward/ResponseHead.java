package dev.tokentap.forward;

import dev.tokentap.model.Header;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The status line and headers of an upstream response, headers in the order and case received.
 *
 * @param http10 whether the server spoke HTTP/1.0 (keep-alive only when it says so)
 */
record ResponseHead(int status, boolean http10, List<Header> headers) {

  /** At most this many header lines, to bound what a broken server can make us hold. */
  private static final int MAX_HEADERS = 1000;

  /**
   * Reads the next final response head, skipping interim ones ({@code 100 Continue}, 102, 103).
   *
   * @throws java.io.EOFException when the connection ends first
   */
  static ResponseHead read(ConnectionInput in) throws IOException {
    while (true) {
      ResponseHead head = readOne(in);
      if (head.status() != 100 && (head.status() < 102 || head.status() > 199)) {
        return head;
      }
    }
  }

  private static ResponseHead readOne(ConnectionInput in) throws IOException {
    String statusLine = in.readLine();
    // HTTP/1.1 200 OK
    if (statusLine.length() < 12
        || !statusLine.startsWith("HTTP/1.")
        || statusLine.charAt(8) != ' ') {
      throw new IOException("the upstream sent no HTTP/1.x status line: " + shorten(statusLine));
    }
    int status = parseStatus(statusLine);
    boolean http10 = statusLine.charAt(7) == '0';
    List<Header> headers = new ArrayList<>(16);
    while (true) {
      String line = in.readLine();
      if (line.isEmpty()) {
        return new ResponseHead(status, http10, headers);
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
        // Obsolete line folding (RFC 9112 section 5.2): a continuation of the previous value.
        Header last = headers.removeLast();
        headers.add(new Header(last.name(), last.value() + " " + line.strip()));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("the upstream sent a malformed header line: " + shorten(line));
      }
      if (headers.size() == MAX_HEADERS) {
        throw new IOException("the upstream sent more than " + MAX_HEADERS + " headers");
      }
      headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
  }

  private static int parseStatus(String line) throws IOException {
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException("the upstream sent a bad status line: " + shorten(line));
      }
      status = status * 10 + (c - '0');
    }
    if (line.length() > 12 && line.charAt(12) != ' ') {
      throw new IOException("the upstream sent a bad status line: " + shorten(line));
    }
    return status;
  }

  /** The first value of header {@code name} (any case), or null. */
  String header(String name) {
    return Header.first(headers, name);
  }

  /** Whether the connection may carry another request after this response's body. */
  boolean keepAlive() {
    String connection = header("Connection");
    if (connection != null) {
      for (String token : connection.split(",")) {
        String t = token.strip().toLowerCase(Locale.ROOT);
        if (t.equals("close")) {
          return false;
        }
        if (t.equals("keep-alive")) {
          return true;
        }
      }
    }
    return !http10;
  }

  private static String shorten(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
