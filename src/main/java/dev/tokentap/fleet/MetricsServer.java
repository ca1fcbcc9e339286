package dev.tokentap.fleet;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Serves {@code /metrics} (Prometheus text format, or OpenMetrics when the scraper asks for it) on
 * its own port: the forwarder's port passes every path, {@code /metrics} too, to the model server.
 */
public final class MetricsServer implements AutoCloseable {

  private final HTTPServer server;
  private final InetSocketAddress address;

  private MetricsServer(HTTPServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Listens on {@code listen} (port 0: a free one).
   *
   * @throws IOException when the address cannot be used
   */
  public static MetricsServer start(InetSocketAddress listen, PrometheusMetrics metrics)
      throws IOException {
    if (listen.isUnresolved()) {
      throw new IOException("unknown host " + listen.getHostString());
    }
    HTTPServer server =
        HTTPServer.builder()
            .inetAddress(listen.getAddress())
            .port(listen.getPort())
            .registry(metrics.registry())
            .buildAndStart();
    return new MetricsServer(server, new InetSocketAddress(listen.getAddress(), server.getPort()));
  }

  /** Where it listens (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    server.close();
  }
}
