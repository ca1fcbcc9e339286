package dev.tokentap.forward;

import dev.tokentap.model.ExchangeMeter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** What every exchange of one {@link Forwarder} shares: settings, pool, meters, listener, ids. */
final class ForwarderCore {

  /** Request bytes held for a retry on a fresh connection; a larger request is not retried. */
  static final long RETRY_HOLD_LIMIT = 1024 * 1024;

  final ForwarderSettings settings;
  final UpstreamPool pool;
  final ExchangeMeter.Factory meters;
  final ExchangeListener listener;
  final LongSupplier ids;
  final Map<Long, ExchangeRecording> inFlight = new ConcurrentHashMap<>();
  volatile UpstreamTarget target;

  ForwarderCore(
      ForwarderSettings settings,
      UpstreamPool pool,
      ExchangeMeter.Factory meters,
      ExchangeListener listener,
      LongSupplier ids) {
    this.settings = settings;
    this.pool = pool;
    this.meters = meters;
    this.listener = listener;
    this.ids = ids;
    this.target = UpstreamTarget.of(settings.upstream());
  }
}
