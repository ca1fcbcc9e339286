package dev.tokentap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.fleet.GenAiAttributes.RequestFacts;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import io.opentelemetry.api.common.Attributes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenAiAttributesTest {

  @Test
  void operationNamesFollowTheEndpoint() {
    assertThat(GenAiAttributes.operationName(Endpoint.of("/v1/chat/completions")))
        .isEqualTo("chat");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/v1/messages"))).isEqualTo("chat");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/api/chat"))).isEqualTo("chat");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/v1/responses"))).isEqualTo("chat");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/v1/completions")))
        .isEqualTo("text_completion");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/completion")))
        .isEqualTo("text_completion");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/api/generate")))
        .isEqualTo("text_completion");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/v1/embeddings")))
        .isEqualTo("embeddings");
    assertThat(GenAiAttributes.operationName(Endpoint.of("/health"))).isNull();
  }

  @Test
  void anUnreachableUpstreamIsAnErrorTypeWithoutModelFigures() {
    Exchange e =
        exchange("/v1/chat/completions", 502, List.of(), Outcome.UPSTREAM_UNAVAILABLE, null);
    Attributes a = GenAiAttributes.of(e, "chat", RequestFacts.of(e));
    assertThat(a.get(GenAiAttributes.ERROR_TYPE)).isEqualTo("upstream_unavailable");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("_OTHER");
    assertThat(a.get(GenAiAttributes.INPUT_TOKENS)).isNull(); // unknown is absent, never 0
    assertThat(a.get(GenAiAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(a.get(GenAiAttributes.SERVER_PORT)).isEqualTo(8080L);
  }

  @Test
  void ollamaIsNamedByItsApiAndTheRequestBodyGivesModelAndStream() {
    Exchange e =
        exchange(
            "/api/chat",
            200,
            List.of(),
            Outcome.OK,
            "{\"options\":{\"model\":\"nested\"},\"model\":\"qwen3:0.6b\",\"stream\":false}");
    RequestFacts facts = RequestFacts.of(e);
    assertThat(facts).isEqualTo(new RequestFacts("qwen3:0.6b", false));
    assertThat(GenAiAttributes.spanName("chat", facts)).isEqualTo("chat qwen3:0.6b");
    Attributes a = GenAiAttributes.of(e, "chat", facts);
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("ollama");
    assertThat(a.get(GenAiAttributes.ERROR_TYPE)).isNull();
    assertThat(a.get(GenAiAttributes.REQUEST_STREAM)).isFalse();
  }

  @Test
  void aBodyThatIsNoJsonObjectGivesNoFacts() {
    Exchange e = exchange("/v1/chat/completions", 200, List.of(), Outcome.OK, "[1,2]");
    assertThat(RequestFacts.of(e)).isEqualTo(RequestFacts.NONE);
    assertThat(GenAiAttributes.spanName("chat", RequestFacts.NONE)).isEqualTo("chat");
    Exchange torn = exchange("/v1/chat/completions", 200, List.of(), Outcome.OK, "{\"model\":\"a");
    assertThat(RequestFacts.of(torn)).isEqualTo(RequestFacts.NONE);
  }

  @Test
  void theCollectorUrlIsABaseOrTheFullTracesUrl() {
    assertThat(settings("http://127.0.0.1:4318").tracesUrl())
        .isEqualTo("http://127.0.0.1:4318/v1/traces");
    assertThat(settings("http://127.0.0.1:4318/").tracesUrl())
        .isEqualTo("http://127.0.0.1:4318/v1/traces");
    assertThat(settings("https://otel.example:443/custom/traces").tracesUrl())
        .isEqualTo("https://otel.example:443/custom/traces");
  }

  private static OtlpSettings settings(String url) {
    return new OtlpSettings(URI.create(url), false);
  }

  private static Exchange exchange(
      String path, int status, List<Header> responseHeaders, Outcome outcome, String body) {
    CapturedBody request =
        body == null
            ? null
            : new CapturedBody(body.getBytes(StandardCharsets.UTF_8), body.length(), false);
    return new Exchange(
        7,
        1_700_000_000_000L,
        "POST",
        path,
        null,
        "127.0.0.1:5000",
        "http://127.0.0.1:8080",
        List.of(new Header("Content-Type", "application/json")),
        status,
        responseHeaders,
        false,
        0,
        0,
        12.5,
        outcome,
        outcome == Outcome.OK ? null : "connection refused",
        ExchangeMetrics.EMPTY,
        request,
        null);
  }
}
