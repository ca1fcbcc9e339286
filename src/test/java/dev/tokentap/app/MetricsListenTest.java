package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-listen} and the config key {@code metrics_listen}. */
class MetricsListenTest {

  @TempDir Path dir;

  @Test
  void offByDefaultAndABarePortIsLoopback() throws Exception {
    assertThat(Cli.options(new String[] {}, Map.of()).metricsListen()).isNull();
    assertThat(Cli.options(new String[] {"--metrics-listen", "9464"}, Map.of()).metricsListen())
        .isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
    assertThat(
            Cli.options(new String[] {"--metrics-listen=0.0.0.0:9464"}, Map.of()).metricsListen())
        .as("another host only when asked")
        .isEqualTo(new InetSocketAddress("0.0.0.0", 9464));
    assertThatThrownBy(
            () -> Cli.options(new String[] {"--metrics-listen", "127.0.0.1:x"}, Map.of()))
        .hasMessageStartingWith("--metrics-listen");
    assertThat(Cli.parse(new String[] {"--help"}, Map.of(), Instant.now()))
        .asString()
        .contains("--metrics-listen");
  }

  @Test
  void theConfigKeyAppliesUnlessTheFlagIsGiven() throws Exception {
    Path f = dir.resolve("config.json");
    Files.writeString(f, "{\"metrics_listen\":\"9500\"}");
    Config c = Config.load(f);
    assertThat(c.warnings()).isEmpty();
    Options none = Cli.options(new String[] {}, Map.of());
    assertThat(c.over(none, none.given()))
        .extracting(Options::metricsListen)
        .isEqualTo(new InetSocketAddress("127.0.0.1", 9500));
    Options flag = Cli.options(new String[] {"--metrics-listen", "127.0.0.1:9600"}, Map.of());
    assertThat(c.over(flag, flag.given()))
        .extracting(Options::metricsListen)
        .isEqualTo(new InetSocketAddress("127.0.0.1", 9600));
    Files.writeString(f, "{\"metrics_listen\":\"nowhere\"}");
    assertThatThrownBy(() -> Config.load(f)).hasMessageStartingWith(f + ": metrics-listen");
  }

  @Test
  void theMetricsPortServesMetricsAndClosesAtStop() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TokenTap app =
        HeadlessTokenTap.start(
            dir.resolve("data"),
            "http://127.0.0.1:1",
            new PrintStream(log, true, StandardCharsets.UTF_8),
            "--metrics-listen",
            "0");
    try (HttpClient http = HttpClient.newHttpClient()) {
      InetSocketAddress at = app.metricsAddress();
      assertThat(at.getAddress().isLoopbackAddress()).isTrue();
      assertThat(log.toString(StandardCharsets.UTF_8))
          .contains("Prometheus metrics on http://127.0.0.1:" + at.getPort() + "/metrics");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("tokentap_exchanges_in_flight");
    } finally {
      app.stop();
    }
    assertThat(app.metricsAddress()).as("closed at stop").isNull();
  }

  @Test
  void aTakenMetricsPortIsOneClearLineAndExitCode1() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      code =
          Launcher.run(
              new String[] {
                "--headless",
                "--listen",
                "127.0.0.1:0",
                "--metrics-listen",
                "127.0.0.1:" + taken.getLocalPort(),
                "--data-dir",
                dir.resolve("data").toString()
              },
              Map.of("HOME", dir.toString()),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    }
    assertThat(code).isEqualTo(1);
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().filter(l -> l.startsWith("tokentap: cannot serve metrics")))
        .singleElement()
        .asString()
        .contains("--metrics-listen");
    assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
