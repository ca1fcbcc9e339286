package dev.tokentap.store;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.tokentap.model.Exchange;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single writer: drains the queue in batches, has each batch redacted, compressed and written
 * in one transaction, tells the listener, and reports drops. A failed batch is retried once, then
 * counted as failed and logged; the loop goes on either way, and earlier commits stay. Between
 * batches it prunes old history in bounded slices ({@link RetentionRunner}).
 */
final class RecorderThread implements Runnable {

  private static final long POLL_MS = 50;
  private static final long RETRY_PAUSE_MS = 100;

  final ArrayBlockingQueue<Exchange> queue;
  final AtomicLong queuedBodyBytes = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong written = new AtomicLong();
  final AtomicLong failed = new AtomicLong();

  private final ExchangeWriter writer;
  private final RecorderSettings settings;
  private final Logger logger;
  private final Object progress = new Object();
  private long processed; // guarded by progress
  private long droppedReported;
  private volatile boolean closing;
  private final RetentionRunner retention; // null: no pruning

  RecorderThread(RecorderSettings settings, ExchangeWriter writer, Pruner pruner) {
    this.settings = settings;
    this.writer = writer;
    this.retention =
        pruner == null
            ? null
            : new RetentionRunner(
                pruner, settings.pruneEvery().toNanos(), settings.logger(), System.nanoTime());
    this.logger = settings.logger();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
  }

  /** Asks the loop to stop once the queue is empty. */
  void finishAndStop() {
    closing = true;
  }

  @Override
  public void run() {
    List<Exchange> batch = new ArrayList<>(settings.maxBatch());
    try {
      while (true) {
        if (retention != null && !closing) {
          retention.tick(System.nanoTime()); // bounded; batches waiting are written right after
        }
        Exchange first;
        try {
          first = queue.poll(retention != null && retention.busy() ? 0 : POLL_MS, MILLISECONDS);
        } catch (InterruptedException e) {
          closing = true;
          first = queue.poll();
        }
        if (first == null) {
          reportDrops();
          if (closing) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        queuedBodyBytes.addAndGet(-bodyBytes(batch));
        write(batch);
        batch.clear();
        reportDrops();
      }
    } finally {
      writer.close();
    }
  }

  private void write(List<Exchange> batch) {
    ExchangeWriter.Result result;
    try {
      result = writer.write(batch);
    } catch (SQLException | RuntimeException first) {
      logger.log(
          Level.WARNING,
          "Writing " + batch.size() + " exchanges failed (" + describe(first) + "); retrying once");
      pause();
      try {
        result = writer.write(batch);
      } catch (SQLException | RuntimeException second) {
        failed.addAndGet(batch.size());
        logger.log(
            Level.ERROR,
            "Could not store exchanges "
                + batch.getFirst().id()
                + ".."
                + batch.getLast().id()
                + " ("
                + batch.size()
                + "): "
                + describe(second)
                + "; recording goes on, stored history is intact",
            second);
        processed(batch.size());
        return;
      }
    }
    written.addAndGet(result.written().size());
    failed.addAndGet(result.skipped());
    if (!result.written().isEmpty()) {
      try {
        settings.onBatch().accept(new StoredBatch(result.seq(), result.written()));
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Batch listener failed", e);
      }
    }
    processed(batch.size());
  }

  private static String describe(Exception e) {
    if (e instanceof SQLException sql) {
      return StoreException.firstLine(sql.getMessage());
    }
    return StoreException.reason(e);
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MS);
    } catch (InterruptedException e) {
      closing = true;
    }
  }

  private void reportDrops() {
    long total = dropped.get();
    if (total > droppedReported) {
      logger.log(
          Level.WARNING,
          "Recorder queue full: "
              + (total - droppedReported)
              + " exchanges not recorded (total "
              + total
              + "); they reached their clients, only their history is missing");
      droppedReported = total;
    }
  }

  private void processed(int n) {
    synchronized (progress) {
      processed += n;
      progress.notifyAll();
    }
  }

  /** Waits until every exchange accepted so far has been written or counted as failed. */
  boolean awaitProcessed(long target, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (progress) {
      while (processed < target) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        progress.wait(left);
      }
      return true;
    }
  }

  /**
   * What a queued exchange holds on the heap beyond its fixed size: its bodies, and its event times
   * (8 bytes per kept event), so the queue's byte limit bounds both.
   */
  static long bodyBytes(Exchange e) {
    long n = (long) Long.BYTES * e.eventTimes().count();
    if (e.requestBody() != null) {
      n += e.requestBody().bytes().length;
    }
    if (e.responseBody() != null) {
      n += e.responseBody().bytes().length;
    }
    return n;
  }

  private static long bodyBytes(List<Exchange> batch) {
    long n = 0;
    for (Exchange e : batch) {
      n += bodyBytes(e);
    }
    return n;
  }
}
