package dev.tokentap.fleet;

import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.LongSupplier;

/**
 * TokenTap's Prometheus metrics (docs/metrics.md), kept up to date from the forwarder's {@link
 * ExchangeListener} callbacks: each exchange adds to a few counters and histograms (the client
 * library's lock-free adders), nothing waits and nothing is queued. The recorder's queue and drops
 * are read only when Prometheus scrapes.
 */
public final class PrometheusMetrics implements ExchangeListener {

  /** At most this many {@code model} label values; later models count as {@code other}. */
  static final int MAX_MODELS = 50;

  /** At most this many {@code client} label values; later clients count as {@code other}. */
  static final int MAX_CLIENTS = 20;

  /** The {@code model} label when no model was named. */
  static final String UNKNOWN_MODEL = "unknown";

  private static final int MAX_MODEL_LENGTH = 100;

  /** OpenTelemetry's advice for {@code gen_ai.server.time_to_first_token}. */
  private static final double[] TTFT_BOUNDS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0
  };

  /** OpenTelemetry's advice for {@code gen_ai.client.operation.duration}. */
  private static final double[] DURATION_BOUNDS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };

  private static final double[] TPS_BOUNDS = {
    1, 2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10000, 20000,
    50000
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final BoundedLabel models = new BoundedLabel(MAX_MODELS);
  private final BoundedLabel clients = new BoundedLabel(MAX_CLIENTS);
  private final Counter requests;
  private final Counter tokens;
  private final Histogram ttft;
  private final Histogram duration;
  private final Histogram promptTps;
  private final Histogram genTps;
  private final Gauge inFlight;

  /**
   * @param recorderQueue exchanges waiting for the recorder now
   * @param recorderDropped exchanges the recorder dropped (its queue was full) since start
   */
  public PrometheusMetrics(LongSupplier recorderQueue, LongSupplier recorderDropped) {
    requests =
        Counter.builder()
            .name("tokentap_requests_total")
            .help("Exchanges forwarded, whatever their outcome")
            .labelNames("model", "endpoint", "outcome", "client")
            .withoutExemplars()
            .register(registry);
    tokens =
        Counter.builder()
            .name("tokentap_tokens_total")
            .help(
                "Tokens the model server reported: token_type input (all prompt tokens, cached"
                    + " ones included), cached (prompt tokens served from the cache), output")
            .labelNames("model", "endpoint", "outcome", "client", "token_type")
            .withoutExemplars()
            .register(registry);
    ttft =
        Histogram.builder()
            .name("gen_ai_server_time_to_first_token_seconds")
            .unit(Unit.SECONDS)
            .help("Request start to the first generated token event (streams)")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(TTFT_BOUNDS)
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("gen_ai_client_operation_duration_seconds")
            .unit(Unit.SECONDS)
            .help("Request start to the last byte delivered to the client")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(DURATION_BOUNDS)
            .withoutExemplars()
            .register(registry);
    promptTps =
        Histogram.builder()
            .name("tokentap_prompt_tokens_per_second")
            .help("Prompt processing speed the server reported")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(TPS_BOUNDS)
            .withoutExemplars()
            .register(registry);
    genTps =
        Histogram.builder()
            .name("tokentap_generation_tokens_per_second")
            .help("Generation speed: server-reported, else measured from the stream's token events")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(TPS_BOUNDS)
            .withoutExemplars()
            .register(registry);
    inFlight =
        Gauge.builder()
            .name("tokentap_exchanges_in_flight")
            .help("Exchanges the forwarder is handling now")
            .withoutExemplars()
            .register(registry);
    GaugeWithCallback.builder()
        .name("tokentap_recorder_queue")
        .help("Exchanges waiting to be written to the history")
        .callback(cb -> cb.call(recorderQueue.getAsLong()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tokentap_recorder_dropped_total")
        .help("Exchanges forwarded but not recorded because the recorder's queue was full")
        .callback(cb -> cb.call(recorderDropped.getAsLong()))
        .register(registry);
  }

  /** What {@code /metrics} serves. */
  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void started(InFlightExchange exchange) {
    inFlight.inc();
  }

  @Override
  public void finished(Exchange x) {
    inFlight.dec();
    ExchangeMetrics m = x.metrics() == null ? ExchangeMetrics.EMPTY : x.metrics();
    String model = models.of(modelLabel(m.model()));
    String endpoint = x.endpoint().code();
    String outcome = x.outcome().code();
    String client = clients.of(ClientLabel.of(x.userAgent()));
    requests.labelValues(model, endpoint, outcome, client).inc();
    addTokens(model, endpoint, outcome, client, "input", m.promptTokens());
    addTokens(model, endpoint, outcome, client, "cached", m.cachedTokens());
    addTokens(model, endpoint, outcome, client, "output", m.completionTokens());
    duration.labelValues(model).observe(x.durationMs() / 1000.0);
    if (m.ttftMs() != null) {
      ttft.labelValues(model).observe(m.ttftMs() / 1000.0);
    }
    if (m.promptTps() != null) {
      promptTps.labelValues(model).observe(m.promptTps());
    }
    if (m.genTps() != null) {
      genTps.labelValues(model).observe(m.genTps());
    }
  }

  private void addTokens(
      String model, String endpoint, String outcome, String client, String type, Long count) {
    if (count != null && count > 0) {
      tokens.labelValues(model, endpoint, outcome, client, type).inc(count);
    }
  }

  /** The model's name as the label shows it: at most 100 characters, "unknown" when not named. */
  static String modelLabel(String model) {
    if (model == null || model.isBlank()) {
      return UNKNOWN_MODEL;
    }
    return model.length() > MAX_MODEL_LENGTH ? model.substring(0, MAX_MODEL_LENGTH) : model;
  }
}
