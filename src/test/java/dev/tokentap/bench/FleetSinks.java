package dev.tokentap.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a fleet puts beside TokenTap, for the forwarder benchmark's {@code --tokentap-fleet} run: an
 * OTLP/HTTP collector that takes every span batch (200, empty body, as a collector answers), and a
 * scraper that reads {@code /metrics} every second (Prometheus's default is every 15 s). Both run
 * in the benchmark's JVM; TokenTap gets {@link #tokentapArgs}.
 */
final class FleetSinks implements AutoCloseable {

  private final HttpServer collector;
  private final int metricsPort;
  private final Thread scraper;
  private final AtomicLong spanPosts = new AtomicLong();
  private final AtomicLong scrapes = new AtomicLong();
  private volatile boolean closed;

  private FleetSinks(HttpServer collector, int metricsPort) {
    this.collector = collector;
    this.metricsPort = metricsPort;
    this.scraper = Thread.ofPlatform().daemon().name("bench-scraper").unstarted(this::scrape);
  }

  static FleetSinks start() throws IOException {
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    FleetSinks sinks = new FleetSinks(collector, ChildProcesses.freePort());
    collector.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          sinks.spanPosts.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    sinks.scraper.start();
    return sinks;
  }

  /** The flags that point TokenTap at these sinks. */
  List<String> tokentapArgs() {
    return List.of(
        "--metrics-listen",
        "127.0.0.1:" + metricsPort,
        "--otlp",
        "http://127.0.0.1:" + collector.getAddress().getPort());
  }

  /** "N span posts received, M scrapes": that the sinks were fed. */
  String summary() {
    return spanPosts.get() + " span posts received, " + scrapes.get() + " scrapes of /metrics";
  }

  private void scrape() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    while (!closed) {
      try {
        HttpResponse<byte[]> r =
            client.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          scrapes.incrementAndGet();
        }
      } catch (IOException e) {
        // TokenTap not up yet, or gone: try again next second
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    scraper.interrupt();
    collector.stop(0);
  }
}
