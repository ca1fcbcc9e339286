package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.KEY;
import static dev.tokentap.app.AppTesting.MARK;
import static dev.tokentap.app.AppTesting.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known secret sent through TokenTap in every place a client or server may put one never reaches
 * the disk in clear: not the database, not its WAL, not any capture once decompressed.
 */
class SecretsEndToEndTest {

  @TempDir Path dataDir;

  @Test
  void theSecretIsNowhereOnDisk() throws Exception {
    Fixture ok = Fixture.load("auth_chat_ok");
    List<Header> responseHeaders = new ArrayList<>(ok.responseHeaders());
    responseHeaders.add(new Header("Set-Cookie", "sid=" + MARK + "-cookie; HttpOnly"));
    Fixture answer =
        new Fixture(
            ok.name(),
            ok.method(),
            ok.path(),
            ok.requestHeaders(),
            ok.requestBody(),
            ok.status(),
            ok.reasonPhrase(),
            responseHeaders,
            ok.responseBody(),
            ok.chunks(),
            ok.events(),
            ok.ttfbMs(),
            ok.totalMs());

    String body =
        "{\"model\":\"tiny\",\"api_key\":\""
            + MARK
            + "-field\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
            + KEY
            + " and my cert -----BEGIN PRIVATE KEY-----\\n"
            + MARK
            + "pem\\n-----END PRIVATE KEY-----\"}]}";
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String request =
        "POST /v1/chat/completions?api_key="
            + MARK
            + "-query HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + KEY
            + "\r\n"
            + "X-Api-Key: "
            + MARK
            + "-header\r\n"
            + "Cookie: session="
            + MARK
            + "-cookie\r\n"
            + "X-Session-Token: "
            + MARK
            + "-token\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + bodyBytes.length
            + "\r\n\r\n";
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
    wire.writeBytes(bodyBytes);

    try (ReplayUpstream upstream = new ReplayUpstream()) {
      TokenTap app = start(upstream);
      try {
        for (int i = 0; i < 3; i++) {
          upstream.enqueue(Reply.of(answer).scaled(0.01));
          try (RawClient client = new RawClient(app.listenAddress().getPort())) {
            assertThat(client.send(wire.toByteArray()).read(false).status()).isEqualTo(200);
          }
          // The upstream did get the secret: TokenTap forwards, it does not censor.
          assertThat(upstream.takeRequest().header("Authorization")).isEqualTo("Bearer " + KEY);
        }
        waitForRows(3);
        assertNoFileHolds(MARK); // while running: the WAL holds the new pages
      } finally {
        app.stop();
      }
    }
    assertNoFileHolds(MARK);

    try (Connection db = open();
        ResultSet r =
            db.createStatement()
                .executeQuery(
                    "SELECT e.query, e.credential_fp, c.* FROM exchanges e"
                        + " JOIN captures c ON c.exchange_id = e.id")) {
      int rows = 0;
      while (r.next()) {
        rows++;
        assertThat(r.getString("credential_fp")).hasSize(12).doesNotContain(MARK);
        assertThat(r.getString("query")).contains("[REDACTED]").doesNotContain(MARK);
        assertThat(r.getInt("redactions")).isGreaterThanOrEqualTo(8);
        for (String column : List.of("request_headers", "response_headers")) {
          assertThat(r.getString(column)).contains("[REDACTED]").doesNotContain(MARK);
        }
        for (String column : List.of("request_body", "response_body")) {
          byte[] compressed = r.getBytes(column);
          byte[] plain = Zstd.decompress(compressed, (int) Zstd.getFrameContentSize(compressed));
          assertThat(new String(plain, StandardCharsets.UTF_8)).doesNotContain(MARK);
        }
      }
      assertThat(rows).isEqualTo(3);
    }
  }

  private TokenTap start(ReplayUpstream upstream) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
  }

  private void waitForRows(int n) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Connection db = open();
          ResultSet r = db.createStatement().executeQuery("SELECT COUNT(*) FROM captures")) {
        if (r.next() && r.getInt(1) >= n) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("rows not written in time");
  }

  private void assertNoFileHolds(String secret) throws Exception {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("tokentap.db");
    for (Path f : files) {
      assertThat(indexOf(Files.readAllBytes(f), needle)).as(f.toString()).isEqualTo(-1);
    }
  }

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
  }
}
