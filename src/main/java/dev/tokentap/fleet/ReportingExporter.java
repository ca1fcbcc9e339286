package dev.tokentap.fleet;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The OTLP exporter, telling in one line when spans could not be sent: at the first failure, then
 * at most once a minute while failures go on, and once when the collector answers again. (The SDK's
 * own log lines, a stack trace each, are silenced in {@link OtlpSpans}.) Runs on the SDK's export
 * thread.
 */
final class ReportingExporter implements SpanExporter {

  static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final SpanExporter delegate;
  private final String where;
  private final Consumer<String> warn;
  private final LongSupplier nanoTime;
  private final AtomicLong lost = new AtomicLong();
  private long lostSinceReport;
  private long lastReport;
  private boolean failing;

  ReportingExporter(
      SpanExporter delegate, String where, Consumer<String> warn, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.where = where;
    this.warn = warn;
    this.nanoTime = nanoTime;
  }

  /** Spans the collector never got (after the exporter's retries). */
  long lostCount() {
    return lost.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> completed(result, n));
    return result;
  }

  private synchronized void completed(CompletableResultCode result, int n) {
    if (result.isSuccess()) {
      if (failing) {
        failing = false;
        warn.accept("tokentap: OTLP collector at " + where + " answers again");
      }
      return;
    }
    lost.addAndGet(n);
    lostSinceReport += n;
    long now = nanoTime.getAsLong();
    if (!failing || now - lastReport >= REPORT_EVERY_NANOS) {
      Throwable t = result.getFailureThrowable();
      while (t != null && t.getCause() != null && t.getCause() != t) {
        t = t.getCause(); // the SDK's HttpExportException wraps what went wrong
      }
      String why = t == null ? "rejected" : t.getClass().getSimpleName();
      if (t != null && t.getMessage() != null) {
        why += ": " + t.getMessage();
      }
      warn.accept(
          "tokentap: could not send "
              + lostSinceReport
              + (lostSinceReport == 1 ? " span" : " spans")
              + " to the OTLP collector at "
              + where
              + " ("
              + why
              + "); forwarding goes on, spans are lost until it answers");
      lostSinceReport = 0;
      lastReport = now;
      failing = true;
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
