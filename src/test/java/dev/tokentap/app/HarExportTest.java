package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.MARK;
import static dev.tokentap.app.AppTesting.indexOf;
import static dev.tokentap.app.AppTesting.secretRequest;
import static dev.tokentap.app.AppTesting.waitForRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tokentap.export.HarExporter;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap export --out x.har} of exchanges a real TokenTap recorded: the file validates
 * against a HAR 1.2 JSON schema (networknt json-schema-validator), carries the fixtures' bodies,
 * base64 for a binary one, and no secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarExportTest {

  private static final List<String> FIXTURES =
      List.of(
          "chat_nonstream",
          "chat_stream",
          "error_context_overflow",
          "embeddings_v1_single",
          "get_health");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dataDir;
  private ReplayUpstream upstream;
  private TokenTap app;
  private byte[] binary;
  private int recorded;
  private JsonSchema schema;
  @TempDir Path out;

  @BeforeAll
  void record(@TempDir Path dir) throws Exception {
    try (InputStream in = HarExportTest.class.getResourceAsStream("/har/har-1.2.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    dataDir = dir;
    upstream = new ReplayUpstream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
    int port = app.listenAddress().getPort();
    for (String name : FIXTURES) {
      Fixture f = Fixture.load(name);
      send(port, f, f.requestBytes());
    }
    binary = new byte[1024];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 7 + 3);
    }
    Fixture binaryAnswer = withBody(Fixture.load("get_health"), binary);
    send(port, binaryAnswer, binaryAnswer.requestBytes());
    Fixture ok = Fixture.load("auth_chat_ok");
    send(port, ok, secretRequest());
    waitForRows(dataDir, recorded);
  }

  @AfterAll
  void stop() throws Exception {
    app.stop();
    upstream.close();
  }

  @Test
  void theHarValidatesAndCarriesTheBodiesButNoSecret() throws Exception {
    Path har = out.resolve("all.har");
    assertThat(export("--out", har, "--data-dir", dataDir)).isZero();
    byte[] bytes = Files.readAllBytes(har);
    JsonNode root = JSON.readTree(bytes);
    assertValid(root);
    assertThat(partials()).isEmpty();
    assertThat(indexOf(bytes, MARK.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);

    JsonNode log = root.get("log");
    assertThat(log.get("version").asText()).isEqualTo("1.2");
    assertThat(log.at("/creator/name").asText()).isEqualTo("TokenTap");
    JsonNode entries = log.get("entries");
    assertThat(entries).hasSize(recorded);

    for (int i = 0; i < FIXTURES.size(); i++) {
      Fixture f = Fixture.load(FIXTURES.get(i));
      JsonNode e = entries.get(i);
      assertThat(e.at("/request/method").asText()).as(f.name()).isEqualTo(f.method());
      assertThat(e.at("/request/url").asText()).isEqualTo(upstreamBase() + f.path());
      assertThat(e.at("/response/status").asInt()).isEqualTo(f.status());
      assertThat(e.at("/response/content/text").asText())
          .as(f.name())
          .isEqualTo(new String(f.responseBody(), StandardCharsets.UTF_8));
      assertThat(e.at("/response/content/encoding").isMissingNode()).isTrue();
      if (f.requestBody().length > 0) {
        assertThat(e.at("/request/postData/text").asText())
            .as(f.name())
            .isEqualTo(new String(f.requestBody(), StandardCharsets.UTF_8));
        assertThat(e.at("/request/postData/mimeType").asText()).startsWith("application/json");
      } else {
        assertThat(e.at("/request/postData").isMissingNode()).as(f.name()).isTrue();
      }
      assertThat(e.at("/request/bodySize").asLong()).isEqualTo(f.requestBody().length);
      assertThat(e.at("/response/bodySize").asLong()).isEqualTo(f.responseBody().length);
      assertChromiumFields(e);
      assertThat(e.at("/request/headers").size()).isPositive();
      assertThat(e.at("/response/headers").size()).isPositive();
      assertTimes(e);
      List<String> names = new ArrayList<>();
      e.get("_tokentap").fieldNames().forEachRemaining(names::add);
      assertThat(names).isEqualTo(StoredExchange.COLUMNS);
      assertThat(e.at("/_tokentap/id").asLong()).isEqualTo(i + 1);
    }
    JsonNode chat = entries.get(0);
    assertThat(chat.at("/response/statusText").asText()).isEqualTo("OK");
    assertThat(chat.at("/_tokentap/model").asText()).isEqualTo("tiny");
    assertThat(chat.at("/_tokentap/streamed").asBoolean()).isFalse();
    assertThat(chat.at("/timings/receive").asDouble()).isZero();
    JsonNode stream = entries.get(1);
    assertThat(stream.at("/_tokentap/streamed").asBoolean()).isTrue();
    assertThat(stream.at("/timings/wait").asDouble())
        .isEqualTo(stream.at("/_tokentap/ttft_ms").asDouble());
    assertThat(entries.get(2).at("/response/statusText").asText())
        .isEqualTo(HarExporter.reasonPhrase(entries.get(2).at("/response/status").asInt()));

    JsonNode bin = entries.get(FIXTURES.size());
    assertThat(bin.at("/response/content/encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(bin.at("/response/content/text").asText()))
        .isEqualTo(binary);
    assertThat(bin.at("/response/content/size").asLong()).isEqualTo(binary.length);
    assertThat(bin.at("/response/content/mimeType").asText()).isEqualTo("application/octet-stream");

    JsonNode secret = entries.get(FIXTURES.size() + 1);
    assertThat(secret.at("/request/url").asText()).contains("?api_key=").contains("REDACTED");
    assertThat(secret.at("/request/queryString/0/name").asText()).isEqualTo("api_key");
    assertThat(secret.at("/request/postData/text").asText()).contains("REDACTED");
    assertThat(secret.at("/request/headers").toString()).contains("Authorization");
  }

  @Test
  void anExchangeWithoutCaptureOrAnswerStillValidates() throws Exception {
    StoredExchange x =
        new StoredExchange(
            7,
            1_763_805_600_123L,
            "POST",
            "/v1/chat/completions",
            null,
            null,
            true,
            null,
            12.5,
            null,
            null,
            null,
            null,
            null,
            42,
            0,
            Outcome.CLIENT_ABORTED,
            "client hung up",
            null,
            Endpoint.CHAT_COMPLETIONS,
            null,
            null,
            null,
            false,
            "127.0.0.1",
            null,
            null,
            "http://127.0.0.1:8080");
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeObjectFieldStart("log");
      g.writeStringField("version", "1.2");
      g.writeObjectFieldStart("creator");
      g.writeStringField("name", "TokenTap");
      g.writeStringField("version", "test");
      g.writeEndObject();
      g.writeArrayFieldStart("entries");
      HarExporter.writeEntry(g, x, null);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    JsonNode root = JSON.readTree(w.toString());
    assertValid(root);
    JsonNode e = root.at("/log/entries/0");
    assertThat(e.at("/startedDateTime").asText()).isEqualTo("2025-11-22T10:00:00.123Z");
    assertThat(e.at("/request/headers").size()).isZero();
    assertThat(e.at("/request/postData").isMissingNode()).isTrue();
    assertThat(e.at("/response/status").asInt()).isZero();
    assertThat(e.at("/response/statusText").asText()).isEmpty();
    assertThat(e.at("/response/content/text").isMissingNode()).isTrue();
    assertThat(e.at("/_tokentap/status").isNull()).isTrue();
    assertThat(e.at("/_tokentap/outcome").asText()).isEqualTo("client_aborted");
    assertThat(e.at("/timings/wait").asDouble()).isEqualTo(12.5);
    assertChromiumFields(e);
    assertThat(e.at("/response/_transferSize").asLong()).isZero();

    ((ObjectNode) e.get("response")).remove("content");
    assertThat(schema.validate(root)).as("the schema is not vacuous").isNotEmpty();
  }

  private void assertValid(JsonNode root) {
    Set<ValidationMessage> errors = schema.validate(root);
    assertThat(errors).as(errors.toString()).isEmpty();
  }

  /**
   * Chromium's DevTools reads {@code _resourceType} (else JSON and SSE answers are listed as
   * scripts, not under Fetch/XHR) and {@code response._transferSize} (else it shows headersSize +
   * bodySize: one byte short when headersSize is -1); see src/test/browser/har-in-devtools.sh.
   */
  private static void assertChromiumFields(JsonNode e) {
    assertThat(e.at("/_resourceType").asText()).isEqualTo("fetch");
    assertThat(e.at("/response/_transferSize").isIntegralNumber()).isTrue();
    assertThat(e.at("/response/_transferSize").asLong())
        .isEqualTo(e.at("/response/bodySize").asLong())
        .isEqualTo(e.at("/_tokentap/response_bytes").asLong());
  }

  private static void assertTimes(JsonNode e) {
    double time = e.get("time").asDouble();
    JsonNode t = e.get("timings");
    assertThat(t.get("send").asDouble() + t.get("wait").asDouble() + t.get("receive").asDouble())
        .isCloseTo(time, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(time).isEqualTo(e.at("/_tokentap/duration_ms").asDouble());
  }

  private String upstreamBase() {
    String u = upstream.url();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private void send(int port, Fixture answer, byte[] request) throws Exception {
    upstream.enqueue(Reply.of(answer).scaled(0.01));
    try (RawClient client = new RawClient(port)) {
      client.send(request).read(answer.method().equals("HEAD"));
    }
    recorded++;
  }

  private static Fixture withBody(Fixture f, byte[] body) {
    List<Header> headers = new ArrayList<>();
    for (Header h : f.responseHeaders()) {
      if (h.name().equalsIgnoreCase("Content-Length")) {
        headers.add(new Header(h.name(), Integer.toString(body.length)));
      } else if (h.name().equalsIgnoreCase("Content-Type")) {
        headers.add(new Header(h.name(), "application/octet-stream"));
      } else {
        headers.add(h);
      }
    }
    return new Fixture(
        f.name(),
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

  private static int export(Object... args) {
    List<String> all = new ArrayList<>(List.of("export"));
    for (Object a : args) {
      all.add(a.toString());
    }
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Launcher.run(all.toArray(String[]::new), Map.of(), sink, sink);
  }

  private List<Path> partials() throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }
}
