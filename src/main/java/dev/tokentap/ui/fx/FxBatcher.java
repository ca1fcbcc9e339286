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
 * <p>When the FX thread is busy (a hand-over waited long for its turn, because drawing the last one
 * took long), the next one waits twice as long as that, up to 2 s: under a flood the window shows
 * bigger batches less often instead of falling behind.
 *
 * @param <T> what is carried
 */
public final class FxBatcher<T> {

  private static final ScheduledExecutorService DELAYS =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("tokentap-ui-batcher").unstarted(r));

  private final Consumer<Runnable> fxThread;
  private static final long MAX_INTERVAL_NANOS = 2_000_000_000L;

  private final long minIntervalNanos;
  private long intervalNanos; // guarded by this
  private long
      handedNanos; // guarded by this: when the pending hand-over was given to the FX thread
  private final Consumer<List<T>> sink;
  private List<T> pending = new ArrayList<>(); // guarded by this
  private boolean scheduled; // guarded by this
  private long lastDrainNanos; // guarded by this

  /**
   * @param fxThread runs a task on the FX thread ({@code NextFrame::run} in the app; tests pass
   *     {@code Runnable::run})
   * @param minInterval the shortest time between two hand-overs (zero: as soon as possible)
   * @param sink receives each batch on the FX thread, in offer order
   */
  public FxBatcher(Consumer<Runnable> fxThread, Duration minInterval, Consumer<List<T>> sink) {
    this.fxThread = Objects.requireNonNull(fxThread);
    this.minIntervalNanos = minInterval.toNanos();
    this.intervalNanos = minIntervalNanos;
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
      delayNanos = lastDrainNanos + intervalNanos - System.nanoTime();
    }
    if (delayNanos <= 0) {
      handOver();
    } else {
      DELAYS.schedule(this::handOver, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void handOver() {
    synchronized (this) {
      handedNanos = System.nanoTime();
    }
    fxThread.accept(this::drain);
  }

  private void drain() {
    List<T> batch;
    synchronized (this) {
      batch = pending;
      pending = new ArrayList<>();
      scheduled = false;
      lastDrainNanos = System.nanoTime();
      long waited = lastDrainNanos - handedNanos;
      intervalNanos = Math.max(minIntervalNanos, Math.min(MAX_INTERVAL_NANOS, 2 * waited));
    }
    if (!batch.isEmpty()) {
      sink.accept(batch);
    }
  }
}
