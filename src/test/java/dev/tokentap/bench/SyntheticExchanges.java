package dev.tokentap.bench;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.util.List;

/**
 * Exchanges for the recorder benchmark: shaped like the benchmark's own traffic (a ~250-byte chat
 * request, an ~800-byte JSON answer or a 200-event stream of ~46 KB), with captures on and metrics
 * filled in (streams with their 201 event times), so the recorder does its full work (redaction,
 * zstd, one row per exchange, an event_times row per stream).
 */
final class SyntheticExchanges {
  private SyntheticExchanges() {}

  private static final List<Header> REQUEST_HEADERS =
      List.of(
          new Header("Host", "127.0.0.1:8080"),
          new Header("User-Agent", "tokentap-bench"),
          new Header("Content-Type", "application/json"),
          new Header("Authorization", "Bearer sk-bench-0123456789abcdef0123456789abcdef"));
  private static final List<Header> JSON_HEADERS =
      List.of(
          new Header("Server", "llama.cpp"),
          new Header("Content-Type", "application/json; charset=utf-8"),
          new Header("Content-Length", Integer.toString(Payloads.CHAT_RESPONSE.length)));
  private static final List<Header> SSE_HEADERS =
      List.of(
          new Header("Server", "llama.cpp"),
          new Header("Content-Type", "text/event-stream"),
          new Header("Transfer-Encoding", "chunked"));
  private static final byte[] STREAM_BODY = streamBody(200);
  private static final EventTimes STREAM_TIMES = streamTimes(200);

  /**
   * Exchange number {@code i} (ids from 1): every tenth is a stream, the rest plain JSON.
   *
   * @param startedAtMs epoch milliseconds of the first exchange; later ones follow 10 ms apart
   */
  static Exchange exchange(long i, long startedAtMs) {
    boolean stream = i % 10 == 0;
    byte[] request = stream ? Payloads.CHAT_STREAM_REQUEST : Payloads.CHAT_REQUEST;
    byte[] response = stream ? STREAM_BODY : Payloads.CHAT_RESPONSE;
    ExchangeMetrics metrics =
        new ExchangeMetrics(
            "tiny",
            "length",
            34L,
            0L,
            stream ? 200L : 32L,
            9011.4,
            stream ? 290.0 : 5.42,
            stream ? 4.7 : null,
            stream ? 5.1 : null,
            stream ? 201 : null,
            true);
    return new Exchange(
        i,
        startedAtMs + i * 10,
        "POST",
        "/v1/chat/completions",
        null,
        "127.0.0.1:" + (40_000 + i % 20_000),
        "http://127.0.0.1:8080",
        REQUEST_HEADERS,
        200,
        stream ? SSE_HEADERS : JSON_HEADERS,
        stream,
        request.length,
        response.length,
        stream ? 712.5 : 0.41,
        Outcome.OK,
        null,
        metrics,
        new CapturedBody(request, request.length, false),
        new CapturedBody(response, response.length, false),
        stream ? STREAM_TIMES : EventTimes.EMPTY);
  }

  /** The stream's 200 token events and [DONE]: the first at 4.7 ms, then ~3.5 ms apart. */
  private static EventTimes streamTimes(int events) {
    EventTimes.Builder b = EventTimes.builder();
    for (int i = 0; i < events; i++) {
      b.add(4_700 + i * 3_500L + (i * 7919L) % 1_600, true);
    }
    return b.add(4_700 + events * 3_500L, false).build();
  }

  private static byte[] streamBody(int events) {
    byte[] event = Payloads.SSE_EVENT_TEMPLATE.clone();
    Payloads.stampSendTime(event, 0, 123_456_789L);
    byte[] done = Payloads.SSE_DONE;
    byte[] all = new byte[event.length * events + done.length];
    for (int i = 0; i < events; i++) {
      System.arraycopy(event, 0, all, i * event.length, event.length);
    }
    System.arraycopy(done, 0, all, event.length * events, done.length);
    return all;
  }
}
