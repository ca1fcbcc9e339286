package dev.tokentap.store;

import dev.tokentap.model.Exchange;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records exchanges in the background: {@link #offer} hands one over without ever blocking, a
 * single writer thread redacts, compresses and stores them in batches. Made by {@link
 * ExchangeStore#startRecorder}.
 *
 * <p>When the queue is full (or holds too many body bytes) the exchange is dropped: {@link
 * #droppedCount()} counts it and the writer thread logs it. The client got its answer regardless.
 */
public final class Recorder implements AutoCloseable {

  private static final long CLOSE_WAIT_MS = 60_000;

  private final RecorderSettings settings;
  private final RecorderThread loop;
  private final Thread thread;
  private volatile boolean closed;

  Recorder(RecorderSettings settings, ExchangeWriter writer, Pruner pruner) {
    this.settings = settings;
    this.loop = new RecorderThread(settings, writer, pruner);
    this.thread = new Thread(loop, "tokentap-recorder");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> settings.logger().log(Level.ERROR, "Recorder thread died; recording stops", e));
    thread.start();
  }

  /**
   * Queues {@code exchange} for recording; never blocks.
   *
   * @return false when it was dropped (queue full, too many queued body bytes, or closed)
   */
  public boolean offer(Exchange exchange) {
    if (closed) {
      loop.dropped.incrementAndGet();
      return false;
    }
    long bytes = RecorderThread.bodyBytes(exchange);
    if (bytes > 0 && loop.queuedBodyBytes.addAndGet(bytes) > settings.maxQueuedBodyBytes()) {
      loop.queuedBodyBytes.addAndGet(-bytes);
      loop.dropped.incrementAndGet();
      return false;
    }
    if (!loop.queue.offer(exchange)) {
      loop.queuedBodyBytes.addAndGet(-bytes);
      loop.dropped.incrementAndGet();
      return false;
    }
    loop.accepted.incrementAndGet();
    return true;
  }

  /** Exchanges dropped because the queue was full (or the recorder closed). */
  public long droppedCount() {
    return loop.dropped.get();
  }

  /** Exchanges stored. */
  public long writtenCount() {
    return loop.written.get();
  }

  /** Exchanges that reached the writer but could not be stored (write error after a retry). */
  public long failedCount() {
    return loop.failed.get();
  }

  /** Exchanges waiting to be written. */
  public int queued() {
    return loop.queue.size();
  }

  /**
   * Waits until every exchange accepted before this call has been written or counted as failed.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    return loop.awaitProcessed(loop.accepted.get(), timeout.toMillis());
  }

  /**
   * Stops taking exchanges, writes all queued ones, stops the writer thread and closes its database
   * connection. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.finishAndStop();
    try {
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      settings.logger().log(Level.ERROR, "Recorder did not finish writing within 60 s");
      return;
    }
    List<Exchange> left = new ArrayList<>();
    loop.queue.drainTo(left);
    if (!left.isEmpty()) {
      loop.dropped.addAndGet(left.size());
      settings.logger().log(Level.WARNING, left.size() + " exchanges arrived while closing");
    }
  }

  boolean isClosed() {
    return closed;
  }
}
