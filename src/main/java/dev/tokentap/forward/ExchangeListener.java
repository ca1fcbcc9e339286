package dev.tokentap.forward;

import dev.tokentap.model.Exchange;

/**
 * Hears about every exchange the forwarder handles: its start, its progress and its end. Called on
 * the exchange's own thread, so implementations must return quickly and never block (hand work to a
 * queue). Exceptions thrown here are caught and logged; they never reach the client.
 */
public interface ExchangeListener {

  /** Hears nothing. */
  ExchangeListener NONE = new ExchangeListener() {};

  /** A request arrived; the exchange is in flight from now on. */
  default void started(InFlightExchange exchange) {}

  /** More bytes passed (called at most about ten times a second per exchange). */
  default void progressed(InFlightExchange exchange) {}

  /** The exchange is over, whatever its outcome; {@code exchange} is final. */
  default void finished(Exchange exchange) {}

  /** One listener that tells each of {@code listeners}, in order. */
  static ExchangeListener all(ExchangeListener... listeners) {
    ExchangeListener[] copy = listeners.clone();
    return new ExchangeListener() {
      @Override
      public void started(InFlightExchange exchange) {
        for (ExchangeListener l : copy) {
          l.started(exchange);
        }
      }

      @Override
      public void progressed(InFlightExchange exchange) {
        for (ExchangeListener l : copy) {
          l.progressed(exchange);
        }
      }

      @Override
      public void finished(Exchange exchange) {
        for (ExchangeListener l : copy) {
          l.finished(exchange);
        }
      }
    };
  }
}
