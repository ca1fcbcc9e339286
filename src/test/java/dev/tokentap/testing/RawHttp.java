package dev.tokentap.testing;

import dev.tokentap.model.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/** Reads HTTP/1.1 messages off a socket byte by byte, as they are on the wire. */
public final class RawHttp {
  private RawHttp() {}

  /** Reads one request; null when the connection closed before one began. */
  static ReplayUpstream.Received readRequest(InputStream in) throws IOException {
    List<String> head = readHead(in);
    if (head == null) {
      return null;
    }
    String[] line = head.getFirst().split(" ", 3);
    List<Header> headers = headers(head);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    readBody(in, headers, false, n -> {}, body);
    return new ReplayUpstream.Received(line[0], line[1], headers, body.toByteArray());
  }

  /** The head's lines (start line first), or null at end of stream before any byte. */
  static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean any = false;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (!any) {
          return null;
        }
        throw new IOException("connection closed inside a message head");
      }
      any = true;
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
  }

  static List<Header> headers(List<String> head) {
    List<Header> headers = new ArrayList<>();
    for (String l : head.subList(1, head.size())) {
      int colon = l.indexOf(':');
      headers.add(new Header(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
    }
    return headers;
  }

  /**
   * Reads a body framed by Content-Length or chunked encoding; {@code untilClose} reads to the end
   * of the stream when neither is given (responses only). {@code onData} hears the arrival time of
   * every piece of body; the bytes go to {@code body}, so what arrived is there even on failure.
   */
  static void readBody(
      InputStream in,
      List<Header> headers,
      boolean untilClose,
      LongConsumer onData,
      ByteArrayOutputStream body)
      throws IOException {
    String te = Header.first(headers, "Transfer-Encoding");
    String cl = Header.first(headers, "Content-Length");
    if (te != null && te.equalsIgnoreCase("chunked")) {
      while (true) {
        String size = readLine(in);
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          return;
        }
        body.write(readExactly(in, n));
        onData.accept(System.nanoTime());
        readLine(in);
      }
    }
    if (cl != null) {
      body.write(readExactly(in, Integer.parseInt(cl.trim())));
      onData.accept(System.nanoTime());
      return;
    }
    if (untilClose) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        body.write(buf, 0, n);
        onData.accept(System.nanoTime());
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside chunk framing");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
  }

  static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new IOException("connection closed " + (n - bytes.length) + " bytes short");
    }
    return bytes;
  }
}
