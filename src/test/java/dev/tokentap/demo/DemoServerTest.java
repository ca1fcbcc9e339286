package dev.tokentap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulated server answers in the fixtures' shapes, and TokenTap's own metrics parsers read
 * tokens and timings from every answer, as they do from the real llama-server's.
 */
class DemoServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static DemoServer server;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    server = DemoServer.start(0.002, 42);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Answer(int status, String contentType, byte[] body, ExchangeMetrics metrics) {}

  /** Posts {@code body} and meters the answer, one SSE event a millisecond apart. */
  private static Answer post(String path, String body) throws Exception {
    HttpResponse<byte[]> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    List<Header> requestHeaders = List.of(new Header("Content-Type", "application/json"));
    ExchangeMeter meter = new MetricsMeterFactory().start("POST", path, requestHeaders, 0);
    byte[] req = body.getBytes(StandardCharsets.UTF_8);
    meter.onRequestBody(req, 0, req.length);
    List<Header> headers = new ArrayList<>();
    r.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(new Header(k, v))));
    meter.onResponseStart(r.statusCode(), headers, 5_000_000);
    long t = 50_000_000;
    for (String event : new String(r.body(), StandardCharsets.UTF_8).split("(?<=\n\n)")) {
      byte[] b = event.getBytes(StandardCharsets.UTF_8);
      meter.onResponseBody(b, 0, b.length, t += 20_000_000);
    }
    return new Answer(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        r.body(),
        meter.finish(t + 1_000_000));
  }

  private static String request(String endpoint, boolean stream, String prompt) {
    String model = "\"model\":\"" + DemoModel.CODER.name() + "\"";
    String s = ",\"stream\":" + stream;
    return switch (endpoint) {
      case "/v1/chat/completions" ->
          "{" + model + s + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
      case "/v1/completions", "/completion" ->
          "{" + model + s + ",\"prompt\":\"" + prompt + "\",\"max_tokens\":40}";
      case "/v1/messages" ->
          "{"
              + model
              + s
              + ",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\""
              + prompt
              + "\"}]}";
      default -> "{" + model + s + ",\"input\":\"" + prompt + "\"}";
    };
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @CsvSource({
    "/v1/chat/completions, false, true, true",
    "/v1/chat/completions, true, true, true",
    "/v1/completions, false, true, true",
    "/v1/completions, true, true, true",
    "/completion, false, true, true",
    "/completion, true, true, true",
    "/v1/messages, false, false, false",
    "/v1/messages, true, false, true",
    "/v1/responses, false, false, false",
    "/v1/responses, true, true, true",
  })
  void everyEndpointIsMeteredLikeTheRealServer(
      String endpoint, boolean stream, boolean promptSpeed, boolean genSpeed) throws Exception {
    String prompt = "Tell me about " + endpoint + " " + "and more ".repeat(100);
    post(endpoint, request(endpoint, stream, prompt));
    Answer a = post(endpoint, request(endpoint, stream, prompt + " again"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith(stream ? "text/event-stream" : "application/json");
    ExchangeMetrics m = a.metrics();
    assertThat(m.model()).isEqualTo(DemoModel.CODER.name());
    assertThat(m.promptTokens()).isGreaterThan(200L);
    assertThat(m.cachedTokens()).as("the repeated prefix is cached").isGreaterThan(200L);
    assertThat(m.cachedTokens()).isLessThan(m.promptTokens());
    assertThat(m.completionTokens()).isPositive();
    assertThat(m.usageReported()).isTrue();
    assertThat(m.finishReason()).isNotNull();
    if (promptSpeed) {
      assertThat(m.promptTps()).isPositive();
    }
    if (genSpeed) {
      assertThat(m.genTps()).isPositive();
    }
    if (stream) {
      assertThat(m.ttftMs()).isNotNull();
    }
  }

  /** Every field the fixture's answer has, and no other, whatever the text and counts. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "chat_nonstream, /v1/chat/completions, false",
    "v1_completions_nonstream, /v1/completions, false",
    "completion_native_nonstream, /completion, false",
    "anthropic_messages_nonstream, /v1/messages, false",
    "responses_nonstream, /v1/responses, false",
    "chat_stream, /v1/chat/completions, true",
    "v1_completions_stream, /v1/completions, true",
    "completion_native_stream, /completion, true",
    "anthropic_messages_stream, /v1/messages, true",
    "responses_stream, /v1/responses, true",
  })
  void answersHaveTheFixturesShape(String fixture, String endpoint, boolean stream)
      throws Exception {
    Answer a = post(endpoint, request(endpoint, stream, "The quick brown fox"));
    assertThat(shape(a.body(), stream))
        .isEqualTo(shape(Fixture.load(fixture).responseBody(), stream));
  }

  @Test
  void chatStreamWithUsageHasTheExtraUsageChunk() throws Exception {
    String body =
        "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    Answer a = post("/v1/chat/completions", body);
    assertThat(shape(a.body(), true))
        .isEqualTo(shape(Fixture.load("chat_stream_include_usage").responseBody(), true));
  }

  @Test
  void aPromptLongerThanTheContextGetsLlamaServersError() throws Exception {
    String prompt = "word ".repeat(40_000);
    Answer a = post("/v1/chat/completions", request("/v1/chat/completions", true, prompt));
    assertThat(a.status()).isEqualTo(400);
    JsonNode error = JSON.readTree(a.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("exceed_context_size_error");
    assertThat(error.path("n_ctx").asInt()).isEqualTo(DemoModel.CODER.contextSize());
    assertThat(shape(a.body(), false))
        .isEqualTo(shape(Fixture.load("error_context_overflow").responseBody(), false));
  }

  @Test
  void healthAndModels() throws Exception {
    HttpResponse<String> health =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    HttpResponse<String> models =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(models.body()).path("data").findValuesAsText("id"))
        .containsExactly(DemoModel.CODER.name(), DemoModel.SMALL.name());
  }

  /** The JSON field paths of a body, or of every event of a stream ("event-name path"). */
  private static Set<String> shape(byte[] body, boolean stream) throws Exception {
    Set<String> paths = new TreeSet<>();
    if (!stream) {
      paths(JSON.readTree(body), "", paths);
      return paths;
    }
    for (String event : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
      String name = "";
      for (String line : event.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: [DONE]")) {
          paths.add("[DONE]");
        } else if (line.startsWith("data: ")) {
          paths(JSON.readTree(line.substring(6)), name + " ", paths);
        }
      }
    }
    return paths;
  }

  private static void paths(JsonNode node, String prefix, Set<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> paths(e.getValue(), prefix + "/" + e.getKey(), out));
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.add(prefix + "[]");
      }
      node.forEach(n -> paths(n, prefix + "[]", out));
    } else {
      out.add(prefix);
    }
  }
}
