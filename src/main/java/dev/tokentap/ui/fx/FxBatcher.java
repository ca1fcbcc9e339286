package dev.tokentap.ui.fx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries items from any thread to the FX thread in batches: however many items are offered, at
 * most one hand-over is pending, and hand-overs are at least {@code minInterval} apart. A burst of
 * 1,000 exchanges becomes a handful of UI updates.
 *
 * @param <T> what is carried
 */
public final class FxBatcher<T> {

  private static final ScheduledExecutorService DELAYS =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("tokentap-ui-batcher").unstarted(r));

  private final Consumer<Runnable> fxThread;
  private final long minIntervalNanos;
  private final Consumer<List<T>> sink;
  private List<T> pending = new ArrayList<>(); // guarded by this
  private boolean scheduled; // guarded by this
  private long lastDrainNanos; // guarded by this

  /**
   * @param fxThread runs a task on the FX thread ({@code Platform::runLater}; tests pass {@code
   *     Runnable::run})
   * @param minInterval the shortest time between two hand-overs (zero: as soon as possible)
   * @param sink receives each batch on the FX thread, in offer order
   */
  public FxBatcher(Consumer<Runnable> fxThread, Duration minInterval, Consumer<List<T>> sink) {
    this.fxThread = Objects.requireNonNull(fxThread);
    this.minIntervalNanos = minInterval.toNanos();
    this.sink = Objects.requireNonNull(sink);
    this.lastDrainNanos = System.nanoTime() - minIntervalNanos;
  }

  /** Queues one item; never blocks on the FX thread. */
  public void offer(T item) {
    schedule(List.of(item));
  }

  /** Queues several items. */
  public void offerAll(Collection<? extends T> items) {
    if (!items.isEmpty()) {
      schedule(items);
    }
  }

  private void schedule(Collection<? extends T> items) {
    long delayNanos;
    synchronized (this) {
      pending.addAll(items);
      if (scheduled) {
        return;
      }
      scheduled = true;
      delayNanos = lastDrainNanos + minIntervalNanos - System.nanoTime();
    }
    if (delayNanos <= 0) {
      fxThread.accept(this::drain);
    } else {
      DELAYS.schedule(() -> fxThread.accept(this::drain), delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void drain() {
    List<T> batch;
    synchronized (this) {
      batch = pending;
      pending = new ArrayList<>();
      scheduled = false;
      lastDrainNanos = System.nanoTime();
    }
    if (!batch.isEmpty()) {
      sink.accept(batch);
    }
  }
}
