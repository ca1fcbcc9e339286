package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request full of one known secret is recorded; its bytes must then be nowhere in the data dir:
 * not in the database, not in the WAL while the database is still open, not in any other file, not
 * in any decompressed capture.
 */
class SecretsNeverStoredTest {

  static final String SECRET = "sk-tokentap-TEST-SECRET-0123456789abcdef";
  static final String PEM_BODY = "MIIEowIBAAKCAQEAtokentapPEMSECRETxyz0123456789";

  @TempDir Path dir;

  @Test
  void theSecretIsNowhereInTheDataDir() throws Exception {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----";
    String requestBody =
        "{\"model\":\"tiny\",\"api_key\":\""
            + SECRET
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
            + SECRET
            + " and my private key is "
            + pem.replace("\n", "\\n")
            + "\"}],\"max_tokens\":32}";
    String responseBody =
        "data: {\"choices\":[{\"delta\":{\"content\":\"you said "
            + SECRET
            + "\"}}]}\n\ndata: [DONE]\n\n";
    Exchange e =
        new Exchange(
            42,
            T0,
            "POST",
            "/v1/chat/completions",
            "api_key=" + SECRET + "&stream=true",
            "127.0.0.1:50000",
            "http://user:" + SECRET + "@127.0.0.1:8080",
            List.of(
                new Header("Authorization", "Bearer " + SECRET),
                new Header("X-Api-Key", SECRET),
                new Header("Cookie", "session=" + SECRET),
                new Header("Content-Type", "application/json"),
                new Header("User-Agent", "agent/1 (" + SECRET + ")")),
            401,
            List.of(
                new Header("Set-Cookie", "s=" + SECRET + "; HttpOnly"),
                new Header("Content-Type", "text/event-stream")),
            true,
            requestBody.length(),
            responseBody.length(),
            50.0,
            Outcome.UPSTREAM_ERROR,
            "upstream rejected key " + SECRET,
            TestExchanges.FULL_METRICS,
            new CapturedBody(requestBody.getBytes(UTF_8), requestBody.length(), false),
            new CapturedBody(responseBody.getBytes(UTF_8), responseBody.length(), false));

    List<String> needles = needles();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      r.offer(e);
      for (int i = 0; i < 20; i++) {
        r.offer(TestExchanges.chat(100 + i, T0 + i));
      }
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.writtenCount()).isEqualTo(21);

      // Still open, nothing checkpointed yet: the rows are in the WAL.
      assertThat(dir.resolve("tokentap.db-wal")).exists().isNotEmptyFile();
      assertNowhereInDataDir(needles);
      // ...and the scan does see stored text (headers are plain JSON), so it would see a leak
      String wal = new String(Files.readAllBytes(dir.resolve("tokentap.db-wal")), ISO_8859_1);
      assertThat(wal).contains("text/event-stream", "[\"X-Api-Key\",\"[REDACTED]\"]");

      Capture c = store.capture(42).orElseThrow();
      assertThat(c.redactions()).isGreaterThan(0);
      for (CaptureBody body : new CaptureBody[] {c.request(), c.response()}) {
        String text = new String(body.bytes(), ISO_8859_1);
        for (String needle : needles) {
          assertThat(text).doesNotContain(needle);
        }
      }
      assertThat(new String(c.request().bytes(), UTF_8))
          .contains("\"api_key\":\"[REDACTED]\"", "my key is [REDACTED]", "\"max_tokens\":32")
          .contains("-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----");
      assertThat(c.requestHeaders().toString() + c.responseHeaders()).doesNotContain(SECRET);
      StoredExchange x = store.exchange(42).orElseThrow();
      assertThat(x.toString()).doesNotContain(SECRET);
      assertThat(x.credentialFp()).matches("[0-9a-f]{12}");
    }
    assertNowhereInDataDir(needles);
  }

  /** The secret as text, plus the forms it could take on the way: base64 and the PEM body. */
  private static List<String> needles() {
    List<String> n = new ArrayList<>();
    n.add(SECRET);
    n.add(SECRET.substring(3)); // without its sk- prefix
    n.add(Base64.getEncoder().encodeToString(SECRET.getBytes(UTF_8)));
    n.add(PEM_BODY);
    return n;
  }

  private void assertNowhereInDataDir(List<String> needles) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("tokentap.db");
    for (Path f : files) {
      String raw = new String(Files.readAllBytes(f), ISO_8859_1);
      for (String needle : needles) {
        assertThat(raw).as("%s contains %s", f.getFileName(), needle).doesNotContain(needle);
        assertThat(raw)
            .as("%s contains %s in UTF-16", f.getFileName(), needle)
            .doesNotContain(
                new String(
                    needle.getBytes(java.nio.charset.StandardCharsets.UTF_16LE), ISO_8859_1));
      }
    }
  }
}
