package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against fake servers on real sockets: llama-server (answering the real fixtures),
 * Ollama, a server with only /v1/models, one that answers none of them, and nothing at all.
 */
class ServerProbeTest {

  @StartStop private final MockWebServer server = new MockWebServer();
  private final ServerHttp http = new ServerHttp(Duration.ofSeconds(2), "TokenTap/test");
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final ServerProbe probe = new ServerProbe(http, clock::get);

  @AfterEach
  void close() {
    http.close();
  }

  /** Answers {@code paths} (path to status and body); 404 elsewhere. */
  private void answering(Map<String, Object[]> paths) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            Object[] a = paths.get(request.getUrl().encodedPath());
            if (a == null) {
              return new MockResponse.Builder().code(404).body("Not Found").build();
            }
            return new MockResponse.Builder()
                .code((Integer) a[0])
                .body(new Buffer().write((byte[]) a[1]))
                .build();
          }
        });
  }

  private static Object[] fixture(String name) {
    Fixture f = Fixture.load(name);
    return new Object[] {f.status(), f.responseBody()};
  }

  private URI base() {
    return server.url("/").uri();
  }

  @Test
  void llamaServerSlotsPropsAndCounters() {
    answering(
        Map.of(
            "/slots", fixture("get_slots_after"),
            "/props", fixture("get_props"),
            "/metrics", fixture("get_metrics_after"),
            "/health", fixture("get_health")));

    ServerSnapshot s = probe.read(base());

    assertThat(s.kind()).isEqualTo(ServerSnapshot.Kind.LLAMA_SERVER);
    assertThat(s.props().nCtx()).isEqualTo(4096);
    assertThat(s.props().alias()).isEqualTo("tiny");
    assertThat(s.props().build()).isEqualTo("b1-de3ff81");
    assertThat(s.slots()).hasSize(4).allMatch(x -> x.phase() == SlotState.Phase.IDLE);
    assertThat(s.counters()).containsEntry("llamacpp:tokens_predicted_total", 1025.0);
    assertThat(s.note()).isNull();
    assertThat(s.busy()).isFalse();
  }

  @Test
  void llamaServerWithoutMetricsSaysHowToTurnThemOn() {
    answering(
        Map.of(
            "/slots", fixture("get_slots_after"),
            "/props", fixture("get_props"),
            "/metrics", new Object[] {501, "{\"error\":{\"code\":501}}".getBytes()}));

    ServerSnapshot first = probe.read(base());
    int requests = server.getRequestCount();
    clock.addAndGet(250_000_000L);
    ServerSnapshot second = probe.read(base());

    assertThat(first.note()).contains("--metrics");
    assertThat(second.slots()).hasSize(4);
    // the second read asks /slots only: /props is fresh, /metrics said no
    assertThat(server.getRequestCount() - requests).isEqualTo(1);
  }

  @Test
  void ollamaLoadedModels() {
    byte[] ps =
        ("{\"models\":[{\"name\":\"qwen3:8b\",\"size\":6000000000,\"size_vram\":5000000000,"
                + "\"expires_at\":\"2026-12-05T00:30:00Z\"}]}")
            .getBytes();
    answering(Map.of("/api/ps", new Object[] {200, ps}, "/v1/models", fixture("get_v1_models")));

    ServerSnapshot s = probe.read(base());

    assertThat(s.kind()).isEqualTo(ServerSnapshot.Kind.OLLAMA);
    assertThat(s.loaded())
        .containsExactly(
            new OllamaModel("qwen3:8b", 6_000_000_000L, 5_000_000_000L, "2026-12-05T00:30:00Z"));
  }

  @Test
  void anotherServerShowsItsModels() {
    answering(Map.of("/v1/models", fixture("get_v1_models")));

    ServerSnapshot s = probe.read(base());

    assertThat(s.kind()).isEqualTo(ServerSnapshot.Kind.OPENAI_COMPATIBLE);
    assertThat(s.models()).containsExactly("tiny");
    // once known, a read asks /v1/models only
    int before = server.getRequestCount();
    probe.read(base());
    assertThat(server.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void aServerAnsweringNoneOfThemGetsAPlainLine() {
    answering(Map.of());

    ServerSnapshot s = probe.read(base());

    assertThat(s.kind()).isEqualTo(ServerSnapshot.Kind.UNKNOWN);
    assertThat(s.note())
        .startsWith("The server at http://")
        .contains("answers none of")
        .contains("nothing to show");
  }

  @Test
  void nothingListeningIsDownWithoutTheUrlsPassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    ServerSnapshot s = probe.read(URI.create("http://me:PASSWORD@127.0.0.1:" + port + "/"));

    assertThat(s.kind()).isEqualTo(ServerSnapshot.Kind.DOWN);
    assertThat(s.note()).isEqualTo("Nothing answers at http://127.0.0.1:" + port + "/.");
  }
}
