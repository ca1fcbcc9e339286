package dev.tokentap.metrics;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.Header;
import java.util.List;

/**
 * Makes the meters that work out each exchange's token metrics from its bytes: token counts from
 * usage, timings or Ollama counts per endpoint, and for streams the time to first token, the
 * longest gap between events and, when the server reports no speed, the generation speed measured
 * from the token events.
 *
 * <p>Memory per exchange is bounded: streams are parsed event by event (an event over 1 MiB is
 * skipped), a non-streamed body is buffered up to {@code maxBufferedBodyBytes} and left unmeasured
 * beyond it, at most 4 MiB of the request body is kept to read its model, and a stream's event
 * arrival times are kept for at most {@link dev.tokentap.model.EventTimes#MAX_EVENTS} events (8
 * bytes each), later events only counted.
 */
public final class MetricsMeterFactory implements ExchangeMeter.Factory {

  /** Default buffer for one non-streamed response body: 16 MiB. */
  public static final int DEFAULT_MAX_BUFFERED_BODY_BYTES = MeterLimits.DEFAULT_MAX_BODY_BYTES;

  private final MeterLimits limits;

  /** Buffers non-streamed bodies up to {@link #DEFAULT_MAX_BUFFERED_BODY_BYTES}. */
  public MetricsMeterFactory() {
    this(DEFAULT_MAX_BUFFERED_BODY_BYTES);
  }

  /**
   * @param maxBufferedBodyBytes how much of a non-streamed response body to buffer for parsing
   * @throws IllegalArgumentException if negative
   */
  public MetricsMeterFactory(int maxBufferedBodyBytes) {
    this(MeterLimits.withMaxBodyBytes(maxBufferedBodyBytes));
  }

  MetricsMeterFactory(MeterLimits limits) {
    this.limits = limits;
  }

  @Override
  public ExchangeMeter start(
      String method, String path, List<Header> requestHeaders, long startNanos) {
    return new MetricsMeter(path, requestHeaders, startNanos, limits);
  }
}
