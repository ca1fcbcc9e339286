package dev.tokentap.forward;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 messages read off a socket exactly as they are on the wire, for tests that compare
 * bytes: the head is kept as sent (start line to the blank line, every CRLF included), the body
 * with its chunk framing removed, the trailer lines as sent.
 */
final class HttpWire {

  private HttpWire() {}

  /**
   * One message.
   *
   * @param head start line and header lines exactly as sent, ending with the blank line's CRLF
   * @param body the body, de-chunked when it was chunked
   * @param trailers the trailer lines of a chunked body as sent, without their CRLF
   * @param complete false when the connection ended before the framing said the body was whole
   */
  record Message(String head, byte[] body, List<String> trailers, boolean complete) {

    String startLine() {
      return head.substring(0, head.indexOf("\r\n"));
    }

    /** The status code of a response. */
    int status() {
      return Integer.parseInt(startLine().split(" ", 3)[1]);
    }

    List<String> headerLines() {
      List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
      lines.removeFirst();
      return lines;
    }

    /** The first value of {@code name} (any case), trimmed, or null. */
    String header(String name) {
      for (String line : headerLines()) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Reads a head up to and including its blank line. Null when the stream ended before any byte; an
   * {@link EOFException} when it ended inside the head.
   */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      got.write(b);
      int n = got.size();
      if (b == '\n' && n >= 4) {
        byte[] all = got.toByteArray();
        if (all[n - 2] == '\r' && all[n - 3] == '\n' && all[n - 4] == '\r') {
          return got.toString(StandardCharsets.ISO_8859_1);
        }
      }
    }
    if (got.size() == 0) {
      return null;
    }
    throw new EOFException(
        "stream ended inside a message head: " + got.toString(StandardCharsets.ISO_8859_1));
  }

  /** Reads one request (head and body); null when the stream ended before it began. */
  static Message readRequest(InputStream in) throws IOException {
    String head = readHead(in);
    if (head == null) {
      return null;
    }
    return readBody(in, head, Framing.ofRequest(head));
  }

  /**
   * Reads one response to a {@code method} request, an interim (1xx) one included: the caller reads
   * again for the final one.
   */
  static Message readResponse(InputStream in, String method) throws IOException {
    String head = readHead(in);
    if (head == null) {
      throw new EOFException("connection closed before a response");
    }
    return readBody(in, head, Framing.ofResponse(head, method));
  }

  /** How a message's body is delimited. */
  enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE;

    static Framing ofRequest(String head) {
      if (chunked(head)) {
        return CHUNKED;
      }
      return headerValue(head, "Content-Length") != null ? LENGTH : NONE;
    }

    static Framing ofResponse(String head, String method) {
      int status = Integer.parseInt(head.substring(0, head.indexOf("\r\n")).split(" ", 3)[1]);
      if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
        return NONE;
      }
      if (chunked(head)) {
        return CHUNKED;
      }
      return headerValue(head, "Content-Length") != null ? LENGTH : UNTIL_CLOSE;
    }

    private static boolean chunked(String head) {
      String te = headerValue(head, "Transfer-Encoding");
      return te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked");
    }
  }

  /** Reads the body that follows {@code head}; a stream that ends early gives complete=false. */
  static Message readBody(InputStream in, String head, Framing framing) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<String> trailers = new ArrayList<>();
    boolean complete = true;
    try {
      switch (framing) {
        case NONE -> {}
        case LENGTH -> {
          long n = Long.parseLong(headerValue(head, "Content-Length"));
          byte[] got = in.readNBytes((int) n);
          body.write(got);
          complete = got.length == n;
        }
        case CHUNKED -> complete = readChunks(in, body, trailers);
        case UNTIL_CLOSE -> in.transferTo(body);
      }
    } catch (java.net.SocketException e) {
      complete = false; // reset by the peer
    }
    return new Message(head, body.toByteArray(), List.copyOf(trailers), complete);
  }

  /**
   * Reads chunks into {@code body} up to the last chunk and its trailers; false when the stream
   * ended first.
   */
  private static boolean readChunks(
      InputStream in, ByteArrayOutputStream body, List<String> trailers) throws IOException {
    while (true) {
      String sizeLine = readLine(in);
      if (sizeLine == null) {
        return false;
      }
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        while (true) {
          String line = readLine(in);
          if (line == null) {
            return false;
          }
          if (line.isEmpty()) {
            return true;
          }
          trailers.add(line);
        }
      }
      byte[] data = in.readNBytes(size);
      body.write(data);
      if (data.length < size || readLine(in) == null) {
        return false;
      }
    }
  }

  /**
   * Reads the next piece of a chunked body: the data of one chunk, or null at the last chunk (its
   * trailers are read too) or at the end of the stream.
   */
  static byte[] readChunk(InputStream in) throws IOException {
    String sizeLine = readLine(in);
    if (sizeLine == null) {
      return null;
    }
    int semi = sizeLine.indexOf(';');
    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
    if (size == 0) {
      String line;
      while ((line = readLine(in)) != null && !line.isEmpty()) {
        // trailers
      }
      return null;
    }
    byte[] data = exactly(in, size);
    readLine(in);
    return data;
  }

  /** A line without its CRLF (or bare LF); null when the stream ended before its end. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return null;
  }

  /** The first value of header {@code name} in a raw head, trimmed, or null. */
  static String headerValue(String head, String name) {
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
        return lines[i].substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** {@code text} as bytes, one byte per char (ISO-8859-1), as tests write heads. */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] got = in.readNBytes(n);
    if (got.length < n) {
      throw new EOFException("stream ended " + (n - got.length) + " bytes short");
    }
    return got;
  }
}
