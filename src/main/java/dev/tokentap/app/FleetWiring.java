package dev.tokentap.app;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.fleet.MetricsServer;
import dev.tokentap.fleet.OtlpSpans;
import dev.tokentap.fleet.PrometheusMetrics;
import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.model.Addresses;
import dev.tokentap.model.Exchange;
import dev.tokentap.store.Recorder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What a fleet sees of TokenTap, when asked for: Prometheus {@code /metrics} ({@code
 * --metrics-listen}) and a span per model exchange to an OTLP collector ({@code --otlp}). Started
 * and closed by {@link TokenTap} in its order.
 */
final class FleetWiring {

  private final PrintStream err;
  private PrometheusMetrics prometheus;
  private MetricsServer metricsServer;
  private volatile OtlpSpans spans;

  FleetWiring(PrintStream err) {
    this.err = err;
  }

  /** With {@code --otlp}: starts sending spans (once). */
  void startSpans(Options options) {
    if (options.otlp() == null || spans != null) {
      return;
    }
    spans =
        OtlpSpans.start(options.otlp(), Version.tokentap(), Duration.ofSeconds(1), err::println);
    err.println(
        "tokentap: sending a span per model exchange to "
            + CaptureRedactor.redactText(options.otlp().tracesUrl())
            + (options.otlp().content() ? ", with redacted bodies" : ""));
  }

  /** With {@code --metrics-listen}: serves {@code /metrics} there (once). */
  void startMetrics(Options options, Recorder r) throws StartupException {
    InetSocketAddress at = options.metricsListen();
    if (at == null || metricsServer != null) {
      return;
    }
    prometheus = new PrometheusMetrics(r::queued, r::droppedCount);
    try {
      metricsServer = MetricsServer.start(at, prometheus);
    } catch (IOException e) {
      prometheus = null;
      throw new StartupException(
          "cannot serve metrics on "
              + Addresses.hostPort(at)
              + ": "
              + (e instanceof BindException
                  ? "the port is in use or the address is not on this machine"
                  : e.getMessage())
              + " (see --metrics-listen HOST:PORT)");
    }
    err.println(
        "tokentap: Prometheus metrics on http://"
            + Addresses.hostPort(metricsServer.address())
            + "/metrics");
  }

  /** {@code listener}, and Prometheus's counting of every exchange (recorded or not) if served. */
  ExchangeListener counting(ExchangeListener listener) {
    return prometheus == null ? listener : ExchangeListener.all(listener, prometheus);
  }

  /** Hands a recorded exchange to the spans' queue (they are built on their own thread). */
  void recorded(Exchange exchange) {
    OtlpSpans s = spans;
    if (s != null) {
      s.offer(exchange);
    }
  }

  /** Where {@code /metrics} is served (the real port when 0 was asked for); null if nowhere. */
  InetSocketAddress metricsAddress() {
    MetricsServer m = metricsServer;
    return m == null ? null : m.address();
  }

  /** Sends the spans still queued, giving a dead collector at most 2 s. */
  void closeSpans() {
    OtlpSpans s = spans;
    if (s != null) {
      spans = null;
      s.close();
      if (s.droppedCount() > 0) {
        err.println("tokentap: " + s.droppedCount() + " spans dropped (queue full)");
      }
    }
  }

  void closeMetrics() {
    if (metricsServer != null) {
      metricsServer.close();
      metricsServer = null;
    }
  }
}
