package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health probe on OkHttp: what each answer of {@code /health} means. */
class UpstreamProbeTest {

  @StartStop private final MockWebServer server = new MockWebServer();
  private final ServerHttp http = new ServerHttp(Duration.ofSeconds(2), "TokenTap/test");
  private final UpstreamProbe probe = new UpstreamProbe(http);

  @AfterEach
  void close() {
    http.close();
  }

  private URI base() {
    return server.url("/").uri();
  }

  @Test
  void readyLoadingAndOtherServers() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build());
    server.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{}}").build());
    server.enqueue(new MockResponse.Builder().code(404).body("not found").build());

    assertThat(probe.check(base())).isEqualTo(UpstreamProbe.Health.READY);
    assertThat(probe.check(base())).isEqualTo(UpstreamProbe.Health.LOADING);
    assertThat(probe.check(base())).isEqualTo(UpstreamProbe.Health.NOT_LLAMA_SERVER);
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/health");
  }

  @Test
  void aBasePathIsKeptAndUserInfoIsNeverSent() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    URI base = server.url("/llama").uri();
    URI withUser =
        URI.create("http://user:PASSWORD@" + base.getHost() + ":" + base.getPort() + "/llama");

    assertThat(probe.check(withUser)).isEqualTo(UpstreamProbe.Health.READY);
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getTarget()).isEqualTo("/llama/health");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("TokenTap/test");
  }

  @Test
  void nothingListeningIsDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(probe.check(URI.create("http://127.0.0.1:" + port + "/")))
        .isEqualTo(UpstreamProbe.Health.DOWN);
  }

  @Test
  void aUrlThatIsNotHttpIsDown() {
    assertThat(probe.check(URI.create("ftp://127.0.0.1/"))).isEqualTo(UpstreamProbe.Health.DOWN);
  }
}
