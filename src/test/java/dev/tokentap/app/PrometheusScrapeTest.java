package dev.tokentap.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} package; {@code .ci/run} installs it) scrapes two
 * headless TokenTaps, and its query API must give back the same token sums as their two databases
 * hold; every query of the Grafana dashboard ({@code packaging/grafana/tokentap.json}) must run
 * there and give series. Skipped, saying why, where no {@code prometheus} is on the PATH.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PrometheusScrapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What each TokenTap is sent: fixtures with prompt, cached and generated tokens. */
  private static final Map<String, List<String>> TRAFFIC =
      Map.of(
          "a",
          List.of("chat_nonstream", "chat_stream", "chat_stream_include_usage"),
          "b",
          List.of(
              "chat_nonstream_repeat_cached",
              "v1_completions_nonstream",
              "responses_stream",
              "embeddings_v1_single",
              "auth_chat_wrong_key"));

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Process prometheus;

  @AfterEach
  void stopEverything() throws Exception {
    if (prometheus != null) {
      prometheus.descendants().forEach(ProcessHandle::destroyForcibly);
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    http.close();
  }

  @Test
  void prometheusSumsTheSameTokensAsTheDatabases(@TempDir Path dir) throws Exception {
    Path binary = onPath("prometheus");
    assumeTrue(
        binary != null,
        "no prometheus on the PATH: install it (apt-get install -y prometheus, as .ci/run does)"
            + " to run this test");

    Map<String, TokenTap> taps = new TreeMap<>();
    for (String job : TRAFFIC.keySet()) {
      ReplayUpstream upstream = new ReplayUpstream();
      toClose.add(upstream);
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      TokenTap tap =
          HeadlessTokenTap.start(
              dir.resolve("data-" + job),
              upstream.url(),
              new PrintStream(log, true, UTF_8),
              "--metrics-listen",
              "127.0.0.1:0");
      toClose.add(tap::stop);
      taps.put(job, tap);
      assertThat(tap.metricsAddress()).as(log.toString(UTF_8)).isNotNull();
      for (String name : TRAFFIC.get(job)) {
        Fixture f = Fixture.load(name);
        upstream.enqueue(Reply.of(f).scaled(0.02)); // the figures, not the timing, matter here
        try (RawClient client = new RawClient(tap.listenAddress().getPort())) {
          client.send(withUserAgent(f.requestBytes(), "agent-" + job + "/1.0")).read(false);
        }
      }
    }
    for (String job : taps.keySet()) {
      awaitRecorded(dir.resolve("data-" + job), TRAFFIC.get(job).size());
    }

    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    StringBuilder yml = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
    for (Map.Entry<String, TokenTap> e : taps.entrySet()) {
      yml.append("  - job_name: ")
          .append(e.getKey())
          .append("\n    static_configs:\n      - targets: ['127.0.0.1:")
          .append(e.getValue().metricsAddress().getPort())
          .append("']\n");
    }
    Files.writeString(config, yml);
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");

    // Both targets scraped, with every exchange counted.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, Double> requests = Map.of();
    while (System.nanoTime() < deadline) {
      requests = byJob(api, "sum by (job) (tokentap_requests_total)");
      if (requests.equals(Map.of("a", 3.0, "b", 5.0))) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(requests)
        .as("requests Prometheus counted; its log: %s", log(dir))
        .isEqualTo(Map.of("a", 3.0, "b", 5.0));

    for (String job : taps.keySet()) {
      Map<String, Long> db = databaseSums(dir.resolve("data-" + job));
      assertThat(db.get("prompt")).as("the fixtures carry prompt tokens").isPositive();
      assertThat(byJob(api, "sum by (job) (tokentap_tokens_total{token_type=\"input\"})").get(job))
          .as(job + " input")
          .isEqualTo(db.get("prompt").doubleValue());
      assertThat(byJob(api, "sum by (job) (tokentap_tokens_total{token_type=\"cached\"})").get(job))
          .as(job + " cached")
          .isEqualTo(db.get("cached").doubleValue());
      assertThat(byJob(api, "sum by (job) (tokentap_tokens_total{token_type=\"output\"})").get(job))
          .as(job + " output")
          .isEqualTo(db.get("completion").doubleValue());
      assertThat(
              byJob(api, "sum by (job) (tokentap_requests_total{client=\"agent-" + job + "\"})")
                  .get(job))
          .as(job + " client label")
          .isEqualTo(db.get("count").doubleValue());
    }
    assertThat(
            byJob(api, "sum by (job) (tokentap_requests_total{outcome=\"upstream_error\"})")
                .get("b"))
        .as("the 401 counts as an upstream error")
        .isEqualTo(1.0);
    assertThat(byJob(api, "sum by (job) (gen_ai_server_time_to_first_token_seconds_count)"))
        .as("streams have a TTFT")
        .containsKeys("a", "b");
    theDashboardsQueriesWork(api);
  }

  /**
   * Every query of the Grafana dashboard is one Prometheus accepts and answers with series, its
   * variables set to "all" and {@code $__rate_interval} to 1m.
   */
  private void theDashboardsQueriesWork(URI api) throws Exception {
    JsonNode dashboard = JSON.readTree(Path.of("packaging/grafana/tokentap.json").toFile());
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
      }
    }
    assertThat(exprs).hasSizeGreaterThan(10);
    // rate() needs two samples of each series
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && byJob(api, "min by (job) (count_over_time(tokentap_tokens_total[1m])) >= 2").size()
            < 2) {
      Thread.sleep(500);
    }
    for (String expr : exprs) {
      String q =
          expr.replace("$__rate_interval", "1m").replace("$instance", ".*").replace("$model", ".*");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(q, UTF_8))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(q + ": " + r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).path("data").path("result").size())
          .as("series for " + q)
          .isPositive();
    }
  }

  /** {@code query}'s vector, one value per {@code job}. */
  private Map<String, Double> byJob(URI api, String query) throws Exception {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(query, UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Map.of(); // not up yet
    }
    if (r.statusCode() != 200) {
      return Map.of();
    }
    Map<String, Double> values = new TreeMap<>();
    for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
      values.put(
          s.path("metric").path("job").asText(),
          Double.parseDouble(s.path("value").get(1).asText()));
    }
    return values;
  }

  private static Map<String, Long> databaseSums(Path dataDir) throws Exception {
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), coalesce(sum(prompt_tokens), 0), coalesce(sum(cached_tokens), 0),"
                    + " coalesce(sum(completion_tokens), 0) FROM exchanges")) {
      r.next();
      return Map.of(
          "count",
          r.getLong(1),
          "prompt",
          r.getLong(2),
          "cached",
          r.getLong(3),
          "completion",
          r.getLong(4));
    }
  }

  private static void awaitRecorded(Path dataDir, int exchanges) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (databaseSums(dataDir).get("count") < exchanges) {
      assertThat(System.nanoTime()).as("recorded in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The request with a {@code User-Agent} line after the request line. */
  private static byte[] withUserAgent(byte[] request, String userAgent) {
    String text = new String(request, java.nio.charset.StandardCharsets.ISO_8859_1);
    int eol = text.indexOf("\r\n");
    String with =
        text.substring(0, eol + 2) + "User-Agent: " + userAgent + "\r\n" + text.substring(eol + 2);
    return with.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
