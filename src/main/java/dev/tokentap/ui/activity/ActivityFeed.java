package dev.tokentap.ui.activity;

import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Exchange;
import dev.tokentap.store.StoredBatch;
import dev.tokentap.ui.fx.FxBatcher;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the forwarder's and the recorder's threads hand traffic to the window: it queues what
 * happened and passes it to the {@link ActivityViewModel} on the FX thread, at most ten times a
 * second. Never blocks the thread that calls it.
 */
public final class ActivityFeed implements ExchangeListener {

  /** The shortest time between two updates of the window. */
  public static final Duration UPDATE_INTERVAL = Duration.ofMillis(100);

  private final FxBatcher<LiveEvent> batcher;

  /**
   * @param fxThread runs a task on the FX thread ({@code NextFrame::run} in the app)
   * @param interval the shortest time between two hand-overs
   * @param sink gets every batch, in order, on the FX thread
   */
  public ActivityFeed(
      Consumer<Runnable> fxThread, Duration interval, Consumer<List<LiveEvent>> sink) {
    this.batcher = new FxBatcher<>(fxThread, interval, sink);
  }

  @Override
  public void started(InFlightExchange exchange) {
    batcher.offer(new LiveEvent.Started(exchange));
  }

  @Override
  public void finished(Exchange exchange) {
    batcher.offer(new LiveEvent.Finished(exchange));
  }

  /** For the recorder's {@code onBatch}: rows just committed. */
  public void stored(StoredBatch batch) {
    batcher.offer(new LiveEvent.Stored(batch));
  }
}
