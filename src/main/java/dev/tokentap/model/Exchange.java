package dev.tokentap.model;

import java.util.List;

/**
 * One finished HTTP exchange, as the forwarder saw it: handed once to the recorder, never changed.
 * Headers and bodies here are still in clear; redaction happens before anything is stored.
 *
 * @param id unique, increasing id (also used while the exchange is in flight)
 * @param startedAtMs when the request arrived, epoch milliseconds UTC
 * @param query the raw query string without '?', or null
 * @param clientAddress the client's IP address and port
 * @param upstreamUrl the base URL the request was forwarded to
 * @param status the HTTP status the client got (502 when TokenTap answered itself), 0 if none
 * @param responseHeaders the upstream's response headers, empty when it never answered
 * @param streamed whether the response was an event stream (SSE or NDJSON)
 * @param requestBytes request body bytes received from the client
 * @param responseBytes response body bytes delivered to the client
 * @param durationMs request start to the last byte delivered to the client
 * @param error what went wrong, in words, or null
 * @param requestBody the kept request body, null when captures are off
 * @param responseBody the kept response body, null when captures are off
 * @param eventTimes when each stream event arrived; {@link EventTimes#EMPTY} (never null) when not
 *     a stream, or when nobody measured it (a HAR import)
 * @param replayOf the id of the exchange this one replays (TokenTap sent it again), or null
 */
public record Exchange(
    long id,
    long startedAtMs,
    String method,
    String path,
    String query,
    String clientAddress,
    String upstreamUrl,
    List<Header> requestHeaders,
    int status,
    List<Header> responseHeaders,
    boolean streamed,
    long requestBytes,
    long responseBytes,
    double durationMs,
    Outcome outcome,
    String error,
    ExchangeMetrics metrics,
    CapturedBody requestBody,
    CapturedBody responseBody,
    EventTimes eventTimes,
    Long replayOf) {

  public Exchange {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    eventTimes = eventTimes == null ? EventTimes.EMPTY : eventTimes;
  }

  /** An exchange that is not a replay. */
  public Exchange(
      long id,
      long startedAtMs,
      String method,
      String path,
      String query,
      String clientAddress,
      String upstreamUrl,
      List<Header> requestHeaders,
      int status,
      List<Header> responseHeaders,
      boolean streamed,
      long requestBytes,
      long responseBytes,
      double durationMs,
      Outcome outcome,
      String error,
      ExchangeMetrics metrics,
      CapturedBody requestBody,
      CapturedBody responseBody,
      EventTimes eventTimes) {
    this(
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
        streamed,
        requestBytes,
        responseBytes,
        durationMs,
        outcome,
        error,
        metrics,
        requestBody,
        responseBody,
        eventTimes,
        null);
  }

  /** An exchange without event times (not a stream, or not measured live). */
  public Exchange(
      long id,
      long startedAtMs,
      String method,
      String path,
      String query,
      String clientAddress,
      String upstreamUrl,
      List<Header> requestHeaders,
      int status,
      List<Header> responseHeaders,
      boolean streamed,
      long requestBytes,
      long responseBytes,
      double durationMs,
      Outcome outcome,
      String error,
      ExchangeMetrics metrics,
      CapturedBody requestBody,
      CapturedBody responseBody) {
    this(
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
        streamed,
        requestBytes,
        responseBytes,
        durationMs,
        outcome,
        error,
        metrics,
        requestBody,
        responseBody,
        EventTimes.EMPTY);
  }

  /**
   * This exchange without its kept bodies (its capture then holds headers only); itself if none.
   */
  public Exchange withoutBodies() {
    if (requestBody == null && responseBody == null) {
      return this;
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
        streamed,
        requestBytes,
        responseBytes,
        durationMs,
        outcome,
        error,
        metrics,
        null,
        null,
        eventTimes,
        replayOf);
  }

  public Endpoint endpoint() {
    return Endpoint.of(path);
  }

  public String userAgent() {
    return Header.first(requestHeaders, "User-Agent");
  }
}
