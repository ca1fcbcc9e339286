package dev.tokentap.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.model.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recorded llama-server exchange from {@code src/test/resources/fixtures/llama-server/<name>/},
 * ready to replay: the request as the client sent it, the response head, the de-chunked body, and
 * the body cut into the HTTP chunks it arrived in, each with its arrival time.
 *
 * <p>Chunks: for chunked responses the cut comes from {@code response.raw} (the chunk framing on
 * the wire; the terminating zero-size chunk is left out). Each chunk's time is the {@code
 * t_ms_since_request} of the SSE event (row of {@code chunk_times.tsv}) its last byte belongs to;
 * several events can share one chunk. A response that is not chunked is one chunk at {@code
 * ttfb_ms} from {@code exchange.json}; an empty body has no chunks.
 *
 * @param path the request-target as sent (a query, if any, stays on it)
 * @param requestHeaders in wire order, names as sent
 * @param requestBody the bytes after the request's blank line
 * @param reasonPhrase the status line's reason phrase (may be empty)
 * @param responseBody the body after de-chunking
 * @param chunks the body as it arrived; their bytes concatenate to {@code responseBody}
 * @param events one per row of {@code chunk_times.tsv} (empty when there is none)
 * @param ttfbMs request sent to the first response byte, from {@code exchange.json}
 * @param totalMs request sent to the last response byte, from {@code exchange.json}
 */
public record Fixture(
    String name,
    String method,
    String path,
    List<Header> requestHeaders,
    byte[] requestBody,
    int status,
    String reasonPhrase,
    List<Header> responseHeaders,
    byte[] responseBody,
    List<Chunk> chunks,
    List<Event> events,
    double ttfbMs,
    double totalMs) {

  /** Where the fixture folders are on the test classpath. */
  public static final String ROOT = "/fixtures/llama-server/";

  /** Part of the response body as it arrived, {@code msSinceRequest} after the request was sent. */
  public record Chunk(byte[] bytes, double msSinceRequest) {}

  /** One SSE event as recorded in {@code chunk_times.tsv}; {@code name} is its event: field. */
  public record Event(int index, double msSinceRequest, int bytes, String name) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public Fixture {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    chunks = List.copyOf(chunks);
    events = List.copyOf(events);
  }

  /** Every fixture folder, as listed in the {@code INDEX} file beside them. */
  public static List<String> names() {
    String index = new String(resource("INDEX", true), StandardCharsets.UTF_8);
    return index.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Loads one fixture folder; fails loudly if its files do not agree with each other. */
  public static Fixture load(String name) {
    byte[] request = resource(name + "/request.http", true);
    int requestHeadEnd = headEnd(request);
    List<String> requestHead = lines(request, requestHeadEnd);
    String[] requestLine = requestHead.getFirst().split(" ", 3);
    byte[] requestBody =
        Arrays.copyOfRange(request, bodyStart(request, requestHeadEnd), request.length);

    byte[] response = resource(name + "/response.headers", true);
    List<String> responseHead = lines(response, headEnd(response));
    String[] statusLine = responseHead.getFirst().split(" ", 3);
    byte[] body = resource(name + "/response.body", true);

    JsonNode exchange = readJson(resource(name + "/exchange.json", true));
    double ttfbMs = exchange.path("ttfb_ms").asDouble();
    double totalMs = exchange.path("total_ms").asDouble();

    byte[] tsv = resource(name + "/chunk_times.tsv", false);
    List<Event> events = tsv == null ? List.of() : events(tsv);
    byte[] raw = resource(name + "/response.raw", false);
    List<Chunk> chunks = chunks(body, raw, events, ttfbMs);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    chunks.forEach(c -> joined.writeBytes(c.bytes()));
    if (!Arrays.equals(joined.toByteArray(), body)) {
      throw new IllegalStateException(name + ": chunks do not add up to response.body");
    }
    return new Fixture(
        name,
        requestLine[0],
        requestLine[1],
        headers(requestHead),
        requestBody,
        Integer.parseInt(statusLine[1]),
        statusLine.length > 2 ? statusLine[2] : "",
        headers(responseHead),
        body,
        chunks,
        events,
        ttfbMs,
        totalMs);
  }

  /** The request exactly as the recorded client sent it: request line, headers, body. */
  public byte[] requestBytes() {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    for (Header h : requestHeaders) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(requestBody);
    return b.toByteArray();
  }

  /** The first value of a response header (case-insensitive), or null. */
  public String responseHeader(String headerName) {
    return Header.first(responseHeaders, headerName);
  }

  /** Whether the response came as a stream of SSE events. */
  public boolean streamed() {
    return !events.isEmpty();
  }

  private static List<Chunk> chunks(byte[] body, byte[] raw, List<Event> events, double ttfbMs) {
    if (raw != null) {
      List<byte[]> pieces = dechunk(raw);
      List<Chunk> chunks = new ArrayList<>();
      long end = 0;
      for (byte[] piece : pieces) {
        end += piece.length;
        chunks.add(new Chunk(piece, events.isEmpty() ? ttfbMs : timeOfByte(events, end - 1)));
      }
      return chunks;
    }
    if (!events.isEmpty()) {
      List<Chunk> chunks = new ArrayList<>();
      int at = 0;
      for (Event e : events) {
        chunks.add(new Chunk(Arrays.copyOfRange(body, at, at + e.bytes()), e.msSinceRequest()));
        at += e.bytes();
      }
      return chunks;
    }
    return body.length == 0 ? List.of() : List.of(new Chunk(body, ttfbMs));
  }

  /** The time of the event that holds the body byte at {@code offset}. */
  private static double timeOfByte(List<Event> events, long offset) {
    long eventEnd = 0;
    for (Event e : events) {
      eventEnd += e.bytes();
      if (offset < eventEnd) {
        return e.msSinceRequest();
      }
    }
    throw new IllegalStateException("chunk_times.tsv covers fewer bytes than response.raw");
  }

  /** Chunk payloads of a chunked body, without the final zero-size chunk (absent if cut off). */
  private static List<byte[]> dechunk(byte[] raw) {
    List<byte[]> pieces = new ArrayList<>();
    int i = 0;
    while (i < raw.length) {
      int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, i);
      String sizeField = new String(raw, i, lineEnd - i, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeField.split(";", 2)[0].strip(), 16);
      i = lineEnd + 2;
      if (size == 0) {
        break;
      }
      pieces.add(Arrays.copyOfRange(raw, i, i + size));
      i += size + 2; // payload, CRLF
    }
    return pieces;
  }

  private static List<Event> events(byte[] tsv) {
    List<Event> events = new ArrayList<>();
    List<String> rows = new String(tsv, StandardCharsets.UTF_8).lines().toList();
    for (String row : rows.subList(1, rows.size())) {
      if (row.isBlank()) {
        continue;
      }
      String[] cols = row.split("\t", -1);
      events.add(
          new Event(
              Integer.parseInt(cols[0]),
              Double.parseDouble(cols[1]),
              Integer.parseInt(cols[3]),
              cols.length > 4 ? cols[4] : ""));
    }
    return events;
  }

  private static List<Header> headers(List<String> head) {
    List<Header> headers = new ArrayList<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return headers;
  }

  /** The head's lines (request or status line first), without the blank line. */
  private static List<String> lines(byte[] message, int headEnd) {
    return new String(message, 0, headEnd, StandardCharsets.ISO_8859_1)
        .lines()
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** Index of the blank line ending the head (CRLF CRLF, or LF LF), or the length if none. */
  private static int headEnd(byte[] message) {
    int crlf = indexOf(message, new byte[] {'\r', '\n', '\r', '\n'}, 0);
    int lf = indexOf(message, new byte[] {'\n', '\n'}, 0);
    if (crlf < 0 && lf < 0) {
      return message.length;
    }
    return crlf < 0 ? lf : lf < 0 ? crlf : Math.min(crlf, lf);
  }

  private static int bodyStart(byte[] message, int headEnd) {
    if (headEnd >= message.length) {
      return message.length;
    }
    return message[headEnd] == '\r' ? headEnd + 4 : headEnd + 2;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static JsonNode readJson(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String relative, boolean required) {
    try (InputStream in = Fixture.class.getResourceAsStream(ROOT + relative)) {
      if (in == null) {
        if (required) {
          throw new IllegalArgumentException("no fixture file " + ROOT + relative);
        }
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
