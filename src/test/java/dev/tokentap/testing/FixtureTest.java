package dev.tokentap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.model.Header;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixtureTest {

  static List<String> names() {
    return Fixture.names();
  }

  @Test
  void indexListsEveryFolder() throws URISyntaxException, IOException {
    Path root = Path.of(FixtureTest.class.getResource(Fixture.ROOT).toURI());
    try (Stream<Path> folders = Files.list(root)) {
      List<String> onDisk =
          folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(Fixture.names()).containsExactlyInAnyOrderElementsOf(onDisk).hasSize(26);
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void loadsConsistentlyWithExchangeJson(String name) throws IOException {
    Fixture f = Fixture.load(name);
    JsonNode exchange;
    try (InputStream in =
        FixtureTest.class.getResourceAsStream(Fixture.ROOT + name + "/exchange.json")) {
      exchange = new ObjectMapper().readTree(in);
    }
    assertThat(f.name()).isEqualTo(name);
    assertThat(f.method()).isEqualTo(exchange.path("request").path("method").asText());
    assertThat(f.path()).isEqualTo(exchange.path("request").path("path").asText());
    assertThat(f.status()).isEqualTo(exchange.path("status").asInt());
    assertThat(f.responseHeader("Content-Type"))
        .isEqualTo(exchange.path("content_type").asText(null));
    // The body matches the response's Content-Length, when it has one. (get_props/exchange.json
    // says 2202 body bytes, but its Content-Length header and response.body are 2200.)
    String responseLength = f.responseHeader("Content-Length");
    assertThat(f.responseBody().length)
        .isEqualTo(
            responseLength != null
                ? Integer.parseInt(responseLength)
                : exchange.path("body_bytes").asInt());
    String contentLength = Header.first(f.requestHeaders(), "Content-Length");
    assertThat(f.requestBody().length)
        .isEqualTo(contentLength == null ? 0 : Integer.parseInt(contentLength));
    if (exchange.path("sse_events").isNumber()) {
      assertThat(f.events()).hasSize(exchange.path("sse_events").asInt());
      // http_chunks counts the terminating zero-size chunk, which a chunk list leaves out,
      // except when the client hung up before it came.
      int expectedChunks =
          exchange.path("http_chunks").asInt()
              - (exchange.path("client_disconnected_early").asBoolean() ? 0 : 1);
      assertThat(f.chunks()).hasSize(expectedChunks);
      assertThat(f.chunks().getLast().msSinceRequest())
          .isEqualTo(f.events().getLast().msSinceRequest());
    } else {
      assertThat(f.chunks())
          .singleElement()
          .satisfies(c -> assertThat(c.msSinceRequest()).isEqualTo(f.ttfbMs()));
    }
  }

  @Test
  void parsesRequestAndResponseHeads() {
    Fixture f = Fixture.load("anthropic_messages_stream");
    assertThat(f.method()).isEqualTo("POST");
    assertThat(f.path()).isEqualTo("/v1/messages");
    assertThat(f.requestHeaders())
        .contains(
            new Header("anthropic-version", "2023-06-01"), new Header("x-api-key", "not-checked"));
    assertThat(f.status()).isEqualTo(200);
    assertThat(f.reasonPhrase()).isEqualTo("OK");
    assertThat(f.responseHeaders())
        .contains(
            new Header("Access-Control-Allow-Origin", ""),
            new Header("Transfer-Encoding", "chunked"));
    assertThat(f.events().getFirst()).isEqualTo(new Fixture.Event(0, 2.674, 292, "message_start"));
    // Three events (message_start, content_block_start, first delta) came in one HTTP chunk.
    assertThat(f.chunks().getFirst().bytes()).hasSize(292 + 117 + 119);
    assertThat(f.chunks().getFirst().msSinceRequest()).isEqualTo(2.674);

    Fixture error = Fixture.load("infill_unsupported_error");
    assertThat(error.status()).isEqualTo(501);
    assertThat(error.reasonPhrase()).isEqualTo("Not Implemented");
    Fixture get = Fixture.load("get_health");
    assertThat(get.requestBody()).isEmpty();
    assertThat(get.requestHeaders()).containsExactly(new Header("Host", "127.0.0.1:18080"));
  }
}
