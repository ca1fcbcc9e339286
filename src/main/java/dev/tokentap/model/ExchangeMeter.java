package dev.tokentap.model;

import java.util.List;

/**
 * Watches the bytes of one exchange as they pass and works out its metrics. Called from the
 * exchange's own forwarding thread only, after each chunk has already been flushed to the client.
 * Implementations never throw and keep bounded memory, whatever the bytes are.
 */
public interface ExchangeMeter {

  /** Request body bytes, as received from the client. */
  void onRequestBody(byte[] buf, int off, int len);

  /**
   * The upstream's status line and headers arrived at {@code nanoTime} ({@link System#nanoTime}).
   */
  void onResponseStart(int status, List<Header> headers, long nanoTime);

  /**
   * Response body bytes as on the wire (de-chunked, still content-encoded), at {@code nanoTime}.
   */
  void onResponseBody(byte[] buf, int off, int len, long nanoTime);

  /** What is known so far; cheap, callable from any thread while the exchange runs. */
  ExchangeMetrics snapshot();

  /** The exchange is over (completely or not) at {@code nanoTime}: the final metrics. */
  ExchangeMetrics finish(long nanoTime);

  /**
   * After {@link #finish}: when each event of the stream arrived (the events {@link
   * ExchangeMetrics#eventCount()} counts, at most {@link EventTimes#MAX_EVENTS} of them kept).
   * {@link EventTimes#EMPTY} when the response was not a stream, or before {@link #finish}.
   */
  default EventTimes eventTimes() {
    return EventTimes.EMPTY;
  }

  /**
   * The latest {@code prompt_progress} a stream's events carried, or null; callable from any
   * thread.
   */
  default PromptProgress promptProgress() {
    return null;
  }

  /** Makes one meter per exchange. */
  interface Factory {
    /** A meter for a request that started at {@code startNanos} ({@link System#nanoTime}). */
    ExchangeMeter start(String method, String path, List<Header> requestHeaders, long startNanos);

    /** Measures nothing: every exchange gets {@link ExchangeMetrics#EMPTY}. */
    Factory NONE =
        (method, path, headers, start) ->
            new ExchangeMeter() {
              @Override
              public void onRequestBody(byte[] buf, int off, int len) {}

              @Override
              public void onResponseStart(int status, List<Header> headers, long nanoTime) {}

              @Override
              public void onResponseBody(byte[] buf, int off, int len, long nanoTime) {}

              @Override
              public ExchangeMetrics snapshot() {
                return ExchangeMetrics.EMPTY;
              }

              @Override
              public ExchangeMetrics finish(long nanoTime) {
                return ExchangeMetrics.EMPTY;
              }
            };
  }
}
