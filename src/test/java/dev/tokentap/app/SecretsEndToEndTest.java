package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.KEY;
import static dev.tokentap.app.AppTesting.MARK;
import static dev.tokentap.app.AppTesting.indexOf;
import static dev.tokentap.app.AppTesting.run;
import static dev.tokentap.app.AppTesting.waitForRows;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.app.AppTesting.Run;
import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.Header;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One known mark ({@link AppTesting#MARK}) goes through the real app, over real sockets, in every
 * place a client, a server or the user puts a secret:
 *
 * <ul>
 *   <li>the user info of the upstream URL given on the command line, and of the one the window
 *       switches to;
 *   <li>request headers (Authorization, X-Api-Key, Cookie, X-Session-Token, User-Agent) and a
 *       response Set-Cookie;
 *   <li>a secret JSON field, a credential-shaped key and a PEM private key in text, a URL with user
 *       info and an access_token parameter inside a JSON string;
 *   <li>an {@code application/x-www-form-urlencoded} request body (api_key, client_secret, a
 *       percent-encoded name) and response body (access_token);
 *   <li>a {@code multipart/form-data} body (an api_key part; a key in a text part);
 *   <li>query parameters api_key, key, sig, token and access_token; a key in the path.
 * </ul>
 *
 * Then the mark must be nowhere: not in any file of the data dir (database, WAL, SHM, lock) while
 * running and after, not in any decompressed capture, not in the session file, HAR, CSV or JSONL
 * that {@code tokentap export} writes, not in anything the app or the exports printed on stdout or
 * stderr.
 */
class SecretsEndToEndTest {

  private static final byte[] MARK_BYTES = MARK.getBytes(UTF_8);
  private static final String BOUNDARY = "tokentap-e2e-boundary";

  @TempDir Path dataDir;
  @TempDir Path exports;

  @Test
  void theSecretIsNowhereOnDiskNorInAnyExportNorOnTheConsole() throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    String cliUpstream = "http://tokentap:" + MARK + "-cli@127.0.0.1:" + closedPort();

    try (ReplayUpstream upstream = new ReplayUpstream()) {
      TokenTap app = HeadlessTokenTap.start(dataDir, cliUpstream, printer(stdout), printer(stderr));
      try {
        // The upstream of the command line is down: a 502 and a hint, both naming it.
        RawClient.Answer unavailable = answer(app, jsonRequest());
        assertThat(unavailable.status()).isEqualTo(502);
        assertNoMark("TokenTap's own 502 answer", unavailable.body());
        awaitText(stderr, "nothing answers at");

        app.changeUpstream(
            URI.create(upstream.url().replace("://", "://tokentap:" + MARK + "-switched@")));
        List<byte[]> requests = List.of(jsonRequest(), formRequest(), multipartRequest());
        List<Fixture> answers = List.of(jsonAnswer(), formAnswer(), jsonAnswer());
        for (int i = 0; i < requests.size(); i++) {
          upstream.enqueue(Reply.of(answers.get(i)).scaled(0.01));
          assertThat(send(app, requests.get(i))).isEqualTo(200);
          // The upstream got the secret: TokenTap forwards, it does not censor.
          assertThat(new String(upstream.takeRequest().body(), ISO_8859_1)).contains(MARK);
        }
        waitForRows(dataDir, 1 + requests.size());
        assertThat(dataDir.resolve("tokentap.db-wal")).exists();
        assertNoFileIn(dataDir); // while running: the WAL holds the new pages
      } finally {
        app.stop();
      }
    }
    assertNoFileIn(dataDir);
    List<Capture> captures = assertNoCaptureIn(dataDir.resolve(ExchangeStore.DATABASE_FILE));
    assertThat(captures).hasSize(4);

    List<String> printed = new ArrayList<>();
    for (String name : List.of("all.tokentap", "all.har", "all.csv", "all.jsonl")) {
      Path file = exports.resolve(name);
      Run export = run("export", "--out", file, "--data-dir", dataDir);
      assertThat(export.code).as(export.err).isZero();
      printed.add(export.out + export.err);
      assertNoMark(file.toString(), Files.readAllBytes(file));
    }
    assertThat(assertNoCaptureIn(exports.resolve("all.tokentap"))).hasSize(4);
    assertNoMarkInHarTexts(exports.resolve("all.har"));

    String out = stdout.toString(UTF_8);
    String err = stderr.toString(UTF_8);
    assertThat(err).contains("forwarding to http://[REDACTED]@127.0.0.1:");
    assertThat(out.lines()).hasSizeGreaterThanOrEqualTo(4);
    assertNoMark("stdout", out);
    assertNoMark("stderr", err);
    assertNoMark("export output", String.join("\n", printed));

    // Redacted, not dropped: each kind left its [REDACTED] where the secret was.
    try (ExchangeStore s = ExchangeStore.openReadOnly(dataDir.resolve("tokentap.db"))) {
      List<StoredExchange> rows = s.recent(10);
      assertThat(rows)
          .extracting(StoredExchange::query)
          .contains(
              "api_key=[REDACTED]",
              "token=[REDACTED]&access_token=[REDACTED]",
              "key=[REDACTED]&sig=[REDACTED]&lang=en");
      assertThat(rows)
          .extracting(StoredExchange::upstream)
          .allMatch(u -> u.startsWith("http://[REDACTED]@127.0.0.1:"));
      assertThat(rows).extracting(StoredExchange::path).contains("/oauth/[REDACTED]/token");
    }
    String bodies = bodies(captures);
    assertThat(bodies)
        .contains("\"api_key\":\"[REDACTED]\"")
        .contains("https://[REDACTED]@example.com/cb?access_token=[REDACTED]&page=2")
        .contains("&api_key=[REDACTED]&client_secret=[REDACTED]&api%5Fkey=[REDACTED]&scope=chat")
        .contains("access_token=[REDACTED]&token_type=[REDACTED]&expires_in=3600")
        .contains("name=\"api_key\"\r\n\r\n[REDACTED]\r\n--" + BOUNDARY)
        .contains("my key is [REDACTED]");
  }

  // ---- what is sent --------------------------------------------------------------------------

  /** Secret headers, a JSON field, a key and a PEM block in text, a URL with user info. */
  private static byte[] jsonRequest() {
    String body =
        "{\"model\":\"tiny\",\"api_key\":\""
            + MARK
            + "-field\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
            + KEY
            + " and my cert -----BEGIN PRIVATE KEY-----\\n"
            + MARK
            + "pem\\n-----END PRIVATE KEY----- and fetch https://bob:"
            + MARK
            + "-url@example.com/cb?access_token="
            + MARK
            + "-urlparam&page=2\"}]}";
    return request(
        "POST /v1/chat/completions?api_key=" + MARK + "-query",
        List.of(
            "Authorization: Bearer " + KEY,
            "X-Api-Key: " + MARK + "-header",
            "Cookie: session=" + MARK + "-cookie",
            "X-Session-Token: " + MARK + "-token",
            "User-Agent: agent/1 (" + KEY + ")",
            "Content-Type: application/json"),
        body.getBytes(UTF_8));
  }

  /** A url-encoded form, a key in the path, token parameters in the query. */
  private static byte[] formRequest() {
    String body =
        "grant_type=client_credentials&api_key="
            + MARK
            + "-form&client_secret="
            + MARK
            + "-cs&api%5Fkey="
            + MARK
            + "-encoded&scope=chat";
    return request(
        "POST /oauth/" + KEY + "/token?token=" + MARK + "-t&access_token=" + MARK + "-at",
        List.of("Content-Type: application/x-www-form-urlencoded"),
        body.getBytes(UTF_8));
  }

  /** A multipart form: an api_key part, a key in a text part; key and sig in the query. */
  private static byte[] multipartRequest() {
    String body =
        part("model", "whisper-1")
            + part("api_key", MARK + "-multipart")
            + part("prompt", "my key is " + KEY)
            + "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nhello audio\r\n--"
            + BOUNDARY
            + "--\r\n";
    return request(
        "POST /v1/audio/transcriptions?key=" + MARK + "-key&sig=" + MARK + "-sig&lang=en",
        List.of("Content-Type: multipart/form-data; boundary=" + BOUNDARY),
        body.getBytes(UTF_8));
  }

  private static String part(String name, String value) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  private static byte[] request(String requestLine, List<String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(head.toString().getBytes(ISO_8859_1));
    wire.writeBytes(body);
    return wire.toByteArray();
  }

  /** The recorded chat answer with a secret cookie set. */
  private static Fixture jsonAnswer() {
    Fixture ok = Fixture.load("auth_chat_ok");
    List<Header> headers = new ArrayList<>(ok.responseHeaders());
    headers.add(new Header("Set-Cookie", "sid=" + MARK + "-setcookie; HttpOnly"));
    return answer(ok, headers, ok.responseBody());
  }

  /** A token endpoint's url-encoded answer. */
  private static Fixture formAnswer() {
    Fixture ok = Fixture.load("auth_chat_ok");
    byte[] body =
        ("access_token=" + MARK + "-granted&token_type=bearer&expires_in=3600").getBytes(UTF_8);
    List<Header> headers =
        List.of(
            new Header("Content-Type", "application/x-www-form-urlencoded"),
            new Header("Content-Length", Integer.toString(body.length)));
    return answer(ok, headers, body);
  }

  private static Fixture answer(Fixture ok, List<Header> headers, byte[] body) {
    return new Fixture(
        ok.name(),
        ok.method(),
        ok.path(),
        ok.requestHeaders(),
        ok.requestBody(),
        ok.status(),
        ok.reasonPhrase(),
        headers,
        body,
        List.of(new Fixture.Chunk(body, ok.ttfbMs())),
        List.of(),
        ok.ttfbMs(),
        ok.totalMs());
  }

  private static int send(TokenTap app, byte[] request) throws Exception {
    return answer(app, request).status();
  }

  private static RawClient.Answer answer(TokenTap app, byte[] request) throws Exception {
    try (RawClient client = new RawClient(app.listenAddress().getPort())) {
      return client.send(request).read(false);
    }
  }

  // ---- where it is looked for ----------------------------------------------------------------

  /** Every file in {@code dir}, byte by byte (the database, its WAL and SHM, the lock). */
  private static void assertNoFileIn(Path dir) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("tokentap.db");
    for (Path f : files) {
      assertNoMark(f.toString(), Files.readAllBytes(f));
    }
  }

  /** Every row and every capture of a database or session file, bodies decompressed. */
  private static List<Capture> assertNoCaptureIn(Path dbFile) {
    List<Capture> captures = new ArrayList<>();
    try (ExchangeStore s = ExchangeStore.openReadOnly(dbFile)) {
      for (StoredExchange x : s.recent(100)) {
        String where = dbFile + " exchange " + x.id();
        assertNoMark(where, x.toString());
        Capture c = s.capture(x.id()).orElseThrow();
        assertNoMark(where + " headers", c.requestHeaders() + " " + c.responseHeaders());
        for (CaptureBody body : new CaptureBody[] {c.request(), c.response()}) {
          if (body != null) {
            assertNoMark(where + " body", body.bytes());
          }
        }
        assertThat(c.redactions()).as(where).isPositive();
        captures.add(c);
      }
    }
    return captures;
  }

  /** HAR texts in base64 (bodies that are not UTF-8) decoded too. */
  private static void assertNoMarkInHarTexts(Path har) throws Exception {
    JsonNode log = new ObjectMapper().readTree(har.toFile()).get("log");
    for (JsonNode entry : log.get("entries")) {
      for (JsonNode content :
          List.of(entry.path("request").path("postData"), entry.path("response").path("content"))) {
        String text = content.path("text").asText("");
        boolean base64 =
            content.path("encoding").asText("").equals("base64")
                || content.path("_encoding").asText("").equals("base64");
        assertNoMark(
            har + " entry", base64 ? Base64.getDecoder().decode(text) : text.getBytes(UTF_8));
      }
    }
  }

  private static String bodies(List<Capture> captures) {
    StringBuilder b = new StringBuilder();
    for (Capture c : captures) {
      for (CaptureBody body : new CaptureBody[] {c.request(), c.response()}) {
        if (body != null) {
          b.append(new String(body.bytes(), UTF_8)).append('\n');
        }
      }
    }
    return b.toString();
  }

  private static void assertNoMark(String where, byte[] bytes) {
    int at = indexOf(bytes, MARK_BYTES);
    if (at >= 0) {
      int from = Math.max(0, at - 80);
      int to = Math.min(bytes.length, at + MARK_BYTES.length + 40);
      String around = new String(bytes, from, to - from, ISO_8859_1).replaceAll("[^ -~]", ".");
      throw new AssertionError("the secret in " + where + " at byte " + at + ": " + around);
    }
  }

  private static void assertNoMark(String where, String text) {
    assertThat(text).as("the secret in " + where).doesNotContain(MARK);
  }

  private static void awaitText(ByteArrayOutputStream printed, String text) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!printed.toString(UTF_8).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never printed: " + text + "\n" + printed.toString(UTF_8));
      }
      Thread.sleep(20);
    }
  }

  private static PrintStream printer(ByteArrayOutputStream into) {
    return new PrintStream(into, true, UTF_8);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
