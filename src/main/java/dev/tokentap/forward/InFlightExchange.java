package dev.tokentap.forward;

import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.PromptProgress;

/** A live view of one exchange while it runs. Safe to read from any thread. */
public interface InFlightExchange {

  long id();

  /** When the request arrived, epoch milliseconds UTC. */
  long startedAtMs();

  String method();

  String path();

  /** The request's {@code User-Agent}, or null. */
  String userAgent();

  /** The client's IP address and port. */
  String clientAddress();

  /** Request body bytes received from the client so far. */
  long requestBytes();

  /** Response body bytes delivered to the client so far. */
  long responseBytes();

  /** Upstream status, 0 until the response headers arrived. */
  int status();

  /** Metrics known so far (tokens generated so far, TTFT once seen). */
  ExchangeMetrics metricsSoFar();

  /** llama-server's latest {@code prompt_progress} in the stream (asked for), or null. */
  default PromptProgress promptProgress() {
    return null;
  }

  /**
   * Cancels the exchange: the upstream call is aborted (so the server stops generating), the
   * client's connection is closed, and the exchange is recorded as aborted by the client.
   */
  void cancel();
}
