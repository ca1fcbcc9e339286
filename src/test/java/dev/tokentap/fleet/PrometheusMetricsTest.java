package dev.tokentap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} as a scraper reads it: both formats, over a real socket. */
class PrometheusMetricsTest {

  private final AtomicLong queued = new AtomicLong(3);
  private final AtomicLong dropped = new AtomicLong(7);
  private PrometheusMetrics metrics;
  private MetricsServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    metrics = new PrometheusMetrics(queued::get, dropped::get);
    server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics);
  }

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void theTextFormatCarriesEveryFamily() throws Exception {
    send(
        exchange(
            "/v1/chat/completions",
            "curl/8.5.0",
            Outcome.OK,
            1500,
            new ExchangeMetrics(
                "tiny-7b", "stop", 120L, 100L, 32L, 850.5, 42.25, 88.0, 12.5, 33, true)));
    send(
        exchange(
            "/v1/chat/completions",
            "curl/8.5.0",
            Outcome.OK,
            500,
            new ExchangeMetrics("tiny-7b", "stop", 10L, 0L, 5L, null, null, null, null, 0, true)));
    send(exchange("/health", null, Outcome.UPSTREAM_UNAVAILABLE, 2, ExchangeMetrics.EMPTY));

    HttpResponse<String> r = get(null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    String text = r.body();
    String chat = "client=\"curl\",endpoint=\"chat\",model=\"tiny-7b\",outcome=\"ok\"";
    assertThat(text)
        .contains("tokentap_requests_total{" + chat + "} 2.0")
        .contains("tokentap_tokens_total{" + chat + ",token_type=\"input\"} 130.0")
        .contains("tokentap_tokens_total{" + chat + ",token_type=\"cached\"} 100.0")
        .contains("tokentap_tokens_total{" + chat + ",token_type=\"output\"} 37.0")
        .contains(
            "tokentap_requests_total{client=\"none\",endpoint=\"other\",model=\"unknown\","
                + "outcome=\"upstream_unavailable\"} 1.0")
        .contains(
            "gen_ai_server_time_to_first_token_seconds_bucket{model=\"tiny-7b\",le=\"0.1\"} 1")
        .contains("gen_ai_server_time_to_first_token_seconds_count{model=\"tiny-7b\"} 1")
        .contains("gen_ai_client_operation_duration_seconds_sum{model=\"tiny-7b\"} 2.0")
        .contains("tokentap_prompt_tokens_per_second_count{model=\"tiny-7b\"} 1")
        .contains("tokentap_generation_tokens_per_second_sum{model=\"tiny-7b\"} 42.25")
        .contains("tokentap_exchanges_in_flight 0.0")
        .contains("tokentap_recorder_queue 3.0")
        .contains("tokentap_recorder_dropped_total 7.0")
        .doesNotContain("# EOF");
    // An unknown figure adds nothing, not a zero: no cached or output series for /health.
    assertThat(text).doesNotContain("model=\"unknown\",outcome=\"upstream_unavailable\",token");
  }

  @Test
  void openMetricsWhenTheScraperAsksForIt() throws Exception {
    send(
        exchange(
            "/completion",
            "python-requests/2.31",
            Outcome.OK,
            100,
            new ExchangeMetrics("m", "stop", 4L, null, 2L, null, 20.0, 30.0, null, 2, true)));
    HttpResponse<String> r =
        get("application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(r.body())
        .contains("# TYPE tokentap_tokens counter")
        .contains(
            "tokentap_tokens_total{client=\"python-requests\",endpoint=\"completion\",model=\"m\","
                + "outcome=\"ok\",token_type=\"output\"} 2.0")
        .contains("# TYPE gen_ai_server_time_to_first_token_seconds histogram")
        .contains("# UNIT gen_ai_server_time_to_first_token_seconds seconds")
        .endsWith("# EOF\n");
  }

  @Test
  void inFlightFollowsStartsAndEnds() throws Exception {
    metrics.started(null);
    metrics.started(null);
    assertThat(get(null).body()).contains("tokentap_exchanges_in_flight 2.0");
    metrics.finished(exchange("/v1/embeddings", "x", Outcome.OK, 1, ExchangeMetrics.EMPTY));
    assertThat(get(null).body()).contains("tokentap_exchanges_in_flight 1.0");
  }

  @Test
  void clientAndModelLabelsStayBounded() throws Exception {
    for (int i = 0; i < 30; i++) {
      send(
          exchange(
              "/v1/chat/completions",
              "client" + i + "/1.0",
              Outcome.OK,
              1,
              new ExchangeMetrics(
                  "model-" + (i % 25), null, 1L, null, null, null, null, null, null, null, true)));
    }
    for (int i = 0; i < 40; i++) {
      send(
          exchange(
              "/v1/chat/completions",
              "late",
              Outcome.OK,
              1,
              new ExchangeMetrics(
                  "model-" + (100 + i), null, 1L, null, null, null, null, null, null, null, true)));
    }
    String text = get(null).body();
    List<String> clients = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("tokentap_requests_total{")) {
        clients.add(label(line, "client"));
        models.add(label(line, "model"));
      }
    }
    assertThat(clients.stream().distinct())
        .hasSize(PrometheusMetrics.MAX_CLIENTS + 1)
        .contains("client0", "client19", "other")
        .doesNotContain("client20", "late");
    assertThat(models.stream().distinct())
        .hasSize(PrometheusMetrics.MAX_MODELS + 1)
        .contains("model-0", "model-124", "other")
        .doesNotContain("model-125");
    assertThat(text).contains("tokentap_tokens_total{").doesNotContain("NaN");
  }

  @Test
  void theClientLabelIsTheUserAgentsProduct() {
    assertThat(ClientLabel.of("curl/8.5.0")).isEqualTo("curl");
    assertThat(ClientLabel.of("OpenAI/Python 1.51.0")).isEqualTo("OpenAI");
    assertThat(ClientLabel.of("Mozilla/5.0 (X11; Linux x86_64)")).isEqualTo("Mozilla");
    assertThat(ClientLabel.of("  my client")).isEqualTo("my");
    assertThat(ClientLabel.of("\"weird\"{}=chars/1")).isEqualTo("weirdchars");
    assertThat(ClientLabel.of("x".repeat(500))).hasSize(40);
    assertThat(ClientLabel.of(null)).isEqualTo("none");
    assertThat(ClientLabel.of("/1.0")).isEqualTo("none");
    assertThat(PrometheusMetrics.modelLabel(null)).isEqualTo("unknown");
    assertThat(PrometheusMetrics.modelLabel("m".repeat(300))).hasSize(100);
  }

  /** As the forwarder tells it: a start, then the end. */
  private void send(Exchange x) {
    metrics.started(null);
    metrics.finished(x);
  }

  private static String label(String line, String name) {
    int at = line.indexOf(name + "=\"") + name.length() + 2;
    return line.substring(at, line.indexOf('"', at));
  }

  private HttpResponse<String> get(String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics"));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Exchange exchange(
      String path, String userAgent, Outcome outcome, double durationMs, ExchangeMetrics m) {
    List<Header> headers =
        userAgent == null ? List.of() : List.of(new Header("User-Agent", userAgent));
    return new Exchange(
        1,
        0,
        "POST",
        path,
        null,
        "127.0.0.1:50000",
        "http://127.0.0.1:8080",
        headers,
        outcome == Outcome.OK ? 200 : 502,
        List.of(),
        false,
        0,
        0,
        durationMs,
        outcome,
        null,
        m,
        null,
        null);
  }
}
