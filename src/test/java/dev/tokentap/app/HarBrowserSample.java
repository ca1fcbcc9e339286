package dev.tokentap.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Not a test: records a data dir for {@code src/test/browser/har-in-devtools.sh}. TokenTap (the
 * same code as {@code --headless}) runs in front of a replaying fake llama-server and records every
 * fixture of {@code fixtures/llama-server} (real bytes, streamed SSE and not, errors, a client that
 * hangs up mid-stream), plus a binary answer, a gzip answer and a request carrying secrets. Writes
 * {@code DATA_DIR/expected.json}: per exchange, in id order, what the client saw (method, path,
 * status, content type, body as base64, SSE event count), for the browser check to compare with.
 *
 * <p>Usage: {@code HarBrowserSample DATA_DIR} (DATA_DIR must not hold a database yet).
 */
public final class HarBrowserSample {
  private HarBrowserSample() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: HarBrowserSample DATA_DIR");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]);
    Files.createDirectories(dataDir);
    ObjectMapper json = new ObjectMapper();
    ArrayNode expected = json.createArrayNode();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      TokenTap app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
      try {
        int port = app.listenAddress().getPort();
        for (String name : Fixture.names()) {
          Fixture f = Fixture.load(name);
          if (name.equals("client_disconnect_midstream")) {
            upstream.enqueue(Reply.of(f).ending(ReplayUpstream.Ending.KEEP_STREAMING));
            try (RawClient client = new RawClient(port)) {
              client.send(f.requestBytes()).readSome(f.chunks().getFirst().bytes().length);
            }
            if (!upstream.awaitPeerGone(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("upstream still connected after the client left");
            }
            expected.add(entry(json, f, null, f.requestBytes()));
          } else {
            expected.add(send(json, upstream, port, f, f.requestBytes(), f.responseBody()));
          }
        }
        byte[] binary = new byte[1024];
        for (int i = 0; i < binary.length; i++) {
          binary[i] = (byte) (i * 7 + 3);
        }
        Fixture health = Fixture.load("get_health");
        Fixture bin = withBody(health, binary, "application/octet-stream", null);
        expected.add(send(json, upstream, port, bin, bin.requestBytes(), binary));

        Fixture plain = Fixture.load("chat_nonstream_repeat_cached");
        Fixture zipped = withBody(plain, gzip(plain.responseBody()), null, "gzip");
        byte[] gzRequest =
            new String(plain.requestBytes(), StandardCharsets.ISO_8859_1)
                .replaceFirst("\r\n", "\r\nAccept-Encoding: gzip\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        // TokenTap stores (and exports) the decoded body.
        expected.add(send(json, upstream, port, zipped, gzRequest, plain.responseBody()));

        Fixture ok = Fixture.load("auth_chat_ok");
        ObjectNode secret = send(json, upstream, port, ok, AppTesting.secretRequest(), null);
        secret.put("path", "/v1/chat/completions");
        secret.put("secret", AppTesting.MARK);
        expected.add(secret);
        AppTesting.waitForRows(dataDir, expected.size());
      } finally {
        app.stop();
      }
    }
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dataDir.resolve("expected.json").toFile(), expected);
    System.out.println("recorded " + expected.size() + " exchanges into " + dataDir);
  }

  private static ObjectNode send(
      ObjectMapper json, ReplayUpstream upstream, int port, Fixture f, byte[] request, byte[] body)
      throws Exception {
    upstream.enqueue(Reply.of(f).scaled(0.2));
    try (RawClient client = new RawClient(port)) {
      client.send(request).read(f.method().equals("HEAD"));
    }
    return entry(json, f, body, request);
  }

  private static ObjectNode entry(ObjectMapper json, Fixture f, byte[] body, byte[] request) {
    ObjectNode e = json.createObjectNode();
    e.put("fixture", f.name());
    e.put("method", f.method());
    e.put("path", f.path());
    e.put("status", f.status());
    String type = "";
    boolean sse = false;
    for (Header h : f.responseHeaders()) {
      if (h.name().equalsIgnoreCase("Content-Type")) {
        type = h.value();
        sse = type.startsWith("text/event-stream");
      }
    }
    e.put("contentType", type);
    e.put("hasRequestBody", f.requestBody().length > 0 || request.length > f.requestBytes().length);
    if (body != null) {
      e.put("bodyBase64", Base64.getEncoder().encodeToString(body));
    }
    // Only when the whole stream reached the client (not for the one that hung up).
    if (sse && body != null) {
      e.put("sseEvents", countEvents(body));
    }
    return e;
  }

  /** SSE events in {@code body}: blocks ended by a blank line that carry a data: field. */
  private static int countEvents(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int n = 0;
    for (String block : text.split("\n\n")) {
      if (block.lines().anyMatch(l -> l.startsWith("data:"))) {
        n++;
      }
    }
    return n;
  }

  private static Fixture withBody(Fixture f, byte[] body, String contentType, String encoding) {
    List<Header> headers = new ArrayList<>();
    for (Header h : f.responseHeaders()) {
      if (h.name().equalsIgnoreCase("Content-Length")) {
        headers.add(new Header(h.name(), Integer.toString(body.length)));
      } else if (contentType != null && h.name().equalsIgnoreCase("Content-Type")) {
        headers.add(new Header(h.name(), contentType));
      } else {
        headers.add(h);
      }
    }
    if (encoding != null) {
      headers.add(new Header("Content-Encoding", encoding));
    }
    return new Fixture(
        f.name() + (encoding != null ? "+" + encoding : "+binary"),
        f.method(),
        f.path(),
        f.requestHeaders(),
        f.requestBody(),
        f.status(),
        f.reasonPhrase(),
        headers,
        body,
        List.of(new Fixture.Chunk(body, f.ttfbMs())),
        List.of(),
        f.ttfbMs(),
        f.totalMs());
  }

  private static byte[] gzip(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }
}
