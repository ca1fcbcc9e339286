package dev.tokentap.fleet;

import dev.tokentap.capture.CaptureBody;
import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.capture.CredentialFingerprint;
import dev.tokentap.model.Exchange;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one OpenTelemetry span per model exchange to an OTLP/HTTP collector ({@code --otlp URL}).
 *
 * <p>{@link #offer} is called on the forwarder's event loop: it only puts the finished exchange on
 * a bounded queue (dropping and counting it when full) and returns. One thread of its own turns
 * exchanges into spans (reading the request's model, redacting bodies for {@code --otlp-content});
 * the SDK's {@link BatchSpanProcessor} (bounded queue, drops when full) exports them from its own
 * thread. A slow or dead collector costs spans, never a forwarded byte.
 */
public final class OtlpSpans implements AutoCloseable {

  /** Exchanges waiting to become spans. */
  static final int QUEUE = 4096;

  /**
   * The most body bytes the exchanges waiting in the queue may hold (their kept bodies, which the
   * span thread reads); past it an exchange with bodies is dropped like one over {@link #QUEUE}.
   */
  static final long QUEUE_BODY_BYTES = 64L * 1024 * 1024;

  /** Spans waiting to be exported (the batch processor's queue). */
  static final int EXPORT_QUEUE = 4096;

  /** The longest attribute value (a body with {@code --otlp-content}), in characters. */
  static final int MAX_VALUE_CHARS = 64 * 1024;

  static final AttributeKey<String> REQUEST_BODY = AttributeKey.stringKey("tokentap.request.body");
  static final AttributeKey<String> RESPONSE_BODY =
      AttributeKey.stringKey("tokentap.response.body");

  private final OtlpSettings settings;
  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final BlockingQueue<Exchange> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong queuedBodyBytes = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Thread worker;
  private final CaptureRedactor redactor;
  private final ReportingExporter exporter;
  private volatile boolean closing;

  /**
   * The SDK logs each failed export with a stack trace through java.util.logging; {@link
   * ReportingExporter} says it in one line instead. Held here: JUL keeps loggers weakly.
   */
  private static final Logger SDK_EXPORTER_LOG = Logger.getLogger("io.opentelemetry.exporter");

  private OtlpSpans(
      OtlpSettings settings, String serviceVersion, Duration exportDelay, Consumer<String> warn) {
    this.settings = settings;
    SDK_EXPORTER_LOG.setLevel(Level.OFF);
    this.exporter =
        new ReportingExporter(
            OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.tracesUrl())
                .setTimeout(Duration.ofSeconds(5))
                .build(),
            CaptureRedactor.redactText(settings.tracesUrl()),
            warn,
            System::nanoTime);
    BatchSpanProcessor batch =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(EXPORT_QUEUE)
            .setMaxExportBatchSize(512)
            .setScheduleDelay(exportDelay)
            .setExporterTimeout(Duration.ofSeconds(5))
            .build();
    this.provider =
        SdkTracerProvider.builder()
            .setResource(resource(serviceVersion))
            .setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(MAX_VALUE_CHARS).build())
            .addSpanProcessor(batch)
            .build();
    this.tracer = provider.get("dev.tokentap", serviceVersion);
    this.redactor =
        settings.content()
            ? new CaptureRedactor(
                CapturePolicy.DEFAULT.withBodyCapBytes(MAX_VALUE_CHARS),
                new CredentialFingerprint(CredentialFingerprint.newSalt()))
            : null;
    this.worker = Thread.ofPlatform().daemon().name("tokentap-otlp-spans").unstarted(this::run);
  }

  /**
   * Starts the span thread and the exporter; nothing is sent before the first exchange.
   *
   * @param serviceVersion TokenTap's version, for the {@code service.version} resource attribute
   * @param exportDelay how long spans may wait to be sent in a batch
   * @param warn gets a line when spans cannot be sent (and when they can again), on the SDK's
   *     export thread
   */
  public static OtlpSpans start(
      OtlpSettings settings, String serviceVersion, Duration exportDelay, Consumer<String> warn) {
    OtlpSpans spans = new OtlpSpans(settings, serviceVersion, exportDelay, warn);
    spans.worker.start();
    return spans;
  }

  /** The settings this was started with. */
  public OtlpSettings settings() {
    return settings;
  }

  /**
   * Hands over a finished exchange; never blocks. When the queue is full the exchange's span is
   * dropped and counted ({@link #droppedCount}).
   */
  public void offer(Exchange exchange) {
    if (closing || exchange == null) {
      return;
    }
    long bytes = bodyBytes(exchange);
    if (bytes > 0 && queuedBodyBytes.addAndGet(bytes) > QUEUE_BODY_BYTES) {
      queuedBodyBytes.addAndGet(-bytes);
      dropped.incrementAndGet();
      return;
    }
    if (!queue.offer(exchange)) {
      queuedBodyBytes.addAndGet(-bytes);
      dropped.incrementAndGet();
    }
  }

  private static long bodyBytes(Exchange e) {
    long n = 0;
    if (e.requestBody() != null) {
      n += e.requestBody().bytes().length;
    }
    if (e.responseBody() != null) {
      n += e.responseBody().bytes().length;
    }
    return n;
  }

  /** Spans dropped because this side's queue was full. */
  public long droppedCount() {
    return dropped.get();
  }

  /** Spans the collector never got (after the exporter's retries). */
  public long lostCount() {
    return exporter.lostCount();
  }

  /** Spans handed to the exporter. */
  public long spanCount() {
    return sent.get();
  }

  private void run() {
    while (true) {
      Exchange e;
      try {
        e = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        return;
      }
      if (e == null) {
        if (closing) {
          return; // everything offered before close() has become a span
        }
        continue;
      }
      queuedBodyBytes.addAndGet(-bodyBytes(e));
      try {
        emit(e);
      } catch (RuntimeException ex) {
        // one odd exchange must not end the thread; its span is lost
        dropped.incrementAndGet();
      }
    }
  }

  /** Builds and ends the span of {@code e} (on the span thread). */
  void emit(Exchange e) {
    String operation = GenAiAttributes.operationName(e.endpoint());
    if (operation == null) {
      return; // not a model call
    }
    GenAiAttributes.RequestFacts request = GenAiAttributes.RequestFacts.of(e);
    long startNanos = TimeUnit.MILLISECONDS.toNanos(e.startedAtMs());
    long endNanos = startNanos + Math.max(0, Math.round(e.durationMs() * 1_000_000.0));
    SpanBuilder b =
        tracer
            .spanBuilder(GenAiAttributes.spanName(operation, request))
            .setNoParent()
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .setAllAttributes(GenAiAttributes.of(e, operation, request));
    if (redactor != null) {
      b.setAllAttributes(content(e));
    }
    Span span = b.startSpan();
    String error = GenAiAttributes.errorType(e);
    if (error != null) {
      String description = CaptureRedactor.redactText(e.error());
      span.setStatus(StatusCode.ERROR, description == null ? error : description);
    }
    span.end(endNanos, TimeUnit.NANOSECONDS);
    sent.incrementAndGet();
  }

  /** The redacted bodies, as captures keep them (decoded, secrets replaced). */
  private Attributes content(Exchange e) {
    var capture = redactor.redact(e).capture();
    if (capture == null) {
      return Attributes.empty();
    }
    var a = Attributes.builder();
    String request = text(capture.request());
    if (request != null) {
      a.put(REQUEST_BODY, request);
    }
    String response = text(capture.response());
    if (response != null) {
      a.put(RESPONSE_BODY, response);
    }
    return a.build();
  }

  private static String text(CaptureBody body) {
    if (body == null || body.bytes().length == 0 || !body.decoded()) {
      return null;
    }
    return new String(body.bytes(), StandardCharsets.UTF_8);
  }

  /**
   * Sends what is queued and stops, waiting at most {@code timeout} in all (a dead collector is
   * given up on, its spans lost).
   */
  public void close(Duration timeout) {
    if (closing) {
      return;
    }
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!worker.join(Duration.ofMillis(Math.max(1, timeout.toMillis() / 2)))) {
        worker.interrupt(); // the rest of the queue is lost
      }
    } catch (InterruptedException ex) {
      worker.interrupt();
      Thread.currentThread().interrupt();
    }
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    provider.shutdown().join(left, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private static Resource resource(String serviceVersion) {
    return Resource.getDefault()
        .merge(
            Resource.create(
                Attributes.builder()
                    .put("service.name", "tokentap")
                    .put("service.version", serviceVersion)
                    .put("host.name", hostName())
                    .build()));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
