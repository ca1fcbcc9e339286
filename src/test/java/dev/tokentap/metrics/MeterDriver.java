package dev.tokentap.metrics;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.util.List;

/** Drives a meter the way the forwarder does, on fixture bytes and times. */
final class MeterDriver {

  /** An arbitrary {@link System#nanoTime} for the request start. */
  static final long START = 7_000_000_000L;

  private MeterDriver() {}

  /** The nanoTime {@code ms} milliseconds after the request started. */
  static long at(double ms) {
    return START + Math.round(ms * 1e6);
  }

  /** A meter that has seen the fixture's request, not yet its response. */
  static ExchangeMeter start(ExchangeMeter.Factory factory, Fixture f) {
    ExchangeMeter meter = factory.start(f.method(), f.path(), f.requestHeaders(), START);
    meter.onRequestBody(f.requestBody(), 0, f.requestBody().length);
    return meter;
  }

  /** The whole fixture exchange through a default meter. */
  static ExchangeMetrics replay(Fixture f) {
    return replay(new MetricsMeterFactory(), f, f.responseHeaders(), f.chunks());
  }

  /** The fixture's request, then the given response head and chunks, then finish. */
  static ExchangeMetrics replay(
      ExchangeMeter.Factory factory,
      Fixture f,
      List<Header> responseHeaders,
      List<Fixture.Chunk> chunks) {
    ExchangeMeter meter = start(factory, f);
    meter.onResponseStart(f.status(), responseHeaders, at(f.ttfbMs()));
    for (Fixture.Chunk c : chunks) {
      meter.onResponseBody(c.bytes(), 0, c.bytes().length, at(c.msSinceRequest()));
    }
    return meter.finish(at(f.totalMs()));
  }
}
