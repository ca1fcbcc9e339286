package dev.tokentap.model;

import java.util.List;

/**
 * What one exchange has seen so far: its request, the bytes that passed each way (counted, teed to
 * the meter and kept up to the capture cap), the upstream's status and headers. Written by one
 * thread at a time (the forwarder's event loop, or a replay's sending thread); the volatile fields
 * are read live from other threads. At the end it becomes the immutable {@link Exchange}. Shared by
 * the forwarder and replay, so a replayed exchange's figures mean what a forwarded one's do.
 */
public final class ExchangeTally {

  private static final System.Logger LOG = System.getLogger(ExchangeTally.class.getName());
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

  private final long id;
  private final long startedAtMs;
  private final String method;
  private final String path;
  private final long startNanos;
  private final String query;
  private final String clientAddress;
  private final String upstreamUrl;
  private final List<Header> requestHeaders;
  private final ExchangeMeter meter;
  private final BoundedCopy requestCopy;
  private final BoundedCopy responseCopy;
  private long lastProgressNanos;

  private volatile long requestBytes;
  private volatile long responseBytes;
  private volatile int status;
  private volatile List<Header> responseHeaders = List.of();

  /**
   * @param target the request target in origin form: path and query
   * @param captureCap bytes kept of each body; 0 keeps none
   */
  public ExchangeTally(
      long id,
      String method,
      String target,
      String clientAddress,
      String upstreamUrl,
      List<Header> requestHeaders,
      ExchangeMeter.Factory meters,
      int captureCap) {
    this.id = id;
    this.startedAtMs = System.currentTimeMillis();
    this.startNanos = System.nanoTime();
    this.method = method;
    int q = target.indexOf('?');
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? null : target.substring(q + 1);
    this.clientAddress = clientAddress;
    this.upstreamUrl = upstreamUrl;
    this.requestHeaders = requestHeaders;
    this.meter = meters.start(method, path, requestHeaders, startNanos);
    this.requestCopy = captureCap > 0 ? new BoundedCopy(captureCap) : null;
    this.responseCopy = captureCap > 0 ? new BoundedCopy(captureCap) : null;
  }

  /** The request's {@code User-Agent}, or null. */
  public String userAgent() {
    return Header.first(requestHeaders, "User-Agent");
  }

  /** The client's address and port; null for a replay (no client connected). */
  public String clientAddress() {
    return clientAddress;
  }

  /** Request body bytes that went on to the upstream (or were read for the record). */
  public void request(byte[] buf, int len) {
    requestBytes += len;
    if (requestCopy != null) {
      requestCopy.append(buf, 0, len);
    }
    safely(() -> meter.onRequestBody(buf, 0, len));
  }

  /** The upstream's final status line and headers, at {@code nanoTime}. */
  public void responseHead(int code, List<Header> headers, long nanoTime) {
    status = code;
    responseHeaders = headers;
    safely(() -> meter.onResponseStart(code, headers, nanoTime));
  }

  /**
   * Response body bytes that went on to the client at {@code nanoTime}.
   *
   * @return whether listeners are due to hear of the progress (at most ten times a second)
   */
  public boolean response(byte[] buf, int len, long nanoTime) {
    responseBytes += len;
    if (responseCopy != null) {
      responseCopy.append(buf, 0, len);
    }
    if (len > 0) {
      safely(() -> meter.onResponseBody(buf, 0, len, nanoTime));
    }
    if (nanoTime - lastProgressNanos < PROGRESS_EVERY_NANOS) {
      return false;
    }
    lastProgressNanos = nanoTime;
    return true;
  }

  /** An answer TokenTap gave itself (a 502, a rejection): not the upstream's, not metered. */
  public void ownAnswer(int code, List<Header> headers, byte[] body) {
    status = code;
    responseHeaders = headers;
    responseBytes = body.length;
    if (responseCopy != null) {
      responseCopy.append(body, 0, body.length);
    }
  }

  public PromptProgress promptProgress() {
    try {
      return meter.promptProgress();
    } catch (RuntimeException e) {
      return null;
    }
  }

  public ExchangeMetrics metricsSoFar() {
    try {
      return meter.snapshot();
    } catch (RuntimeException e) {
      return ExchangeMetrics.EMPTY;
    }
  }

  /** The exchange as it ended at {@code endNanos}. */
  public Exchange toExchange(Outcome outcome, String error, long endNanos) {
    return toExchange(outcome, error, endNanos, null);
  }

  /**
   * The exchange as it ended at {@code endNanos}; {@code replayOf} the id of the exchange it
   * replays, or null.
   */
  public Exchange toExchange(Outcome outcome, String error, long endNanos, Long replayOf) {
    ExchangeMetrics metrics;
    EventTimes eventTimes;
    try {
      metrics = meter.finish(endNanos);
      eventTimes = metrics.eventCount() != null ? meter.eventTimes() : EventTimes.EMPTY;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "metrics failed for exchange " + id, e);
      metrics = ExchangeMetrics.EMPTY;
      eventTimes = EventTimes.EMPTY;
    }
    return new Exchange(
        id,
        startedAtMs,
        method,
        path,
        query,
        clientAddress,
        upstreamUrl,
        requestHeaders,
        status,
        responseHeaders,
        metrics.eventCount() != null,
        requestBytes,
        responseBytes,
        (endNanos - startNanos) / 1e6,
        outcome,
        error,
        metrics,
        requestCopy == null ? null : requestCopy.toCapturedBody(),
        responseCopy == null ? null : responseCopy.toCapturedBody(),
        eventTimes,
        replayOf);
  }

  public long id() {
    return id;
  }

  public long startedAtMs() {
    return startedAtMs;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public long requestBytes() {
    return requestBytes;
  }

  public long responseBytes() {
    return responseBytes;
  }

  public int status() {
    return status;
  }

  /** Runs {@code r}, logging what it throws: a listener or a meter never stops an exchange. */
  public static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "listener or meter failed", e);
    }
  }
}
