package dev.tokentap.store;

import dev.tokentap.capture.CapturePolicy;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the recorder queues and writes.
 *
 * @param queueCapacity exchanges waiting to be written at most; beyond that they are dropped
 *     (counted and logged)
 * @param maxBatch exchanges written per transaction at most
 * @param maxQueuedBodyBytes captured body bytes (plus 8 bytes per kept stream event time) waiting
 *     at most (keeps a burst of large bodies from exhausting the heap); beyond that exchanges are
 *     dropped too; the same bound applies to the exchanges held while the store refuses writes
 *     (beyond it their captures are dropped, oldest first)
 * @param maxHeld exchanges held at most while the store refuses writes; beyond that the oldest are
 *     dropped (counted)
 * @param capture whether to keep captures, and the body cap
 * @param onBatch called on the recorder thread after each committed batch with the rows written and
 *     the batch's number (for the UI, which must hand them over to its own thread); must be quick
 *     and not throw
 * @param onStatus called on the recorder thread when recording stops or starts again, and while it
 *     is stopped when the number waiting changes (at most every 250 ms); must be quick and not
 *     throw
 * @param logger where drops and write failures are reported
 * @param retention what to prune, on the recorder thread, between batches
 * @param pruneEvery how often retention runs (also once right after start)
 */
public record RecorderSettings(
    int queueCapacity,
    int maxBatch,
    long maxQueuedBodyBytes,
    int maxHeld,
    CapturePolicy capture,
    Consumer<StoredBatch> onBatch,
    Consumer<RecorderStatus> onStatus,
    Logger logger,
    RetentionPolicy retention,
    Duration pruneEvery) {

  /** Retention runs every 60 s by default. */
  public static final Duration DEFAULT_PRUNE_EVERY = Duration.ofSeconds(60);

  public RecorderSettings {
    Objects.requireNonNull(retention, "retention");
    if (pruneEvery.isNegative()) {
      throw new IllegalArgumentException("pruneEvery must not be negative");
    }
    if (queueCapacity < 1 || maxBatch < 1 || maxHeld < 1 || maxQueuedBodyBytes < 0) {
      throw new IllegalArgumentException(
          "queueCapacity, maxBatch and maxHeld must be >= 1, maxQueuedBodyBytes >= 0");
    }
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(onBatch, "onBatch");
    Objects.requireNonNull(onStatus, "onStatus");
    Objects.requireNonNull(logger, "logger");
  }

  /**
   * 10,000 queued, batches of up to 256, queued bodies up to a quarter of the maximum heap (at most
   * 256 MiB: the installed app runs with a 256 MiB heap, which a burst of large bodies must not
   * exhaust), up to 50,000 exchanges held while the store refuses writes (fewer on a small heap:
   * one per 16 KiB of it), default captures, default retention every 60 s.
   */
  public static RecorderSettings defaults() {
    return new RecorderSettings(
        10_000,
        256,
        Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4),
        (int) Math.min(50_000, Runtime.getRuntime().maxMemory() / (16 * 1024)),
        CapturePolicy.DEFAULT,
        batch -> {},
        status -> {},
        System.getLogger(Recorder.class.getName()),
        RetentionPolicy.DEFAULT,
        DEFAULT_PRUNE_EVERY);
  }

  public RecorderSettings withQueueCapacity(int n) {
    return new RecorderSettings(
        n,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withMaxBatch(int n) {
    return new RecorderSettings(
        queueCapacity,
        n,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withMaxQueuedBodyBytes(long n) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        n,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withMaxHeld(int n) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        n,
        capture,
        onBatch,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withCapture(CapturePolicy p) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        p,
        onBatch,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withOnBatch(Consumer<StoredBatch> c) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        c,
        onStatus,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withOnStatus(Consumer<RecorderStatus> c) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        c,
        logger,
        retention,
        pruneEvery);
  }

  public RecorderSettings withRetention(RetentionPolicy r) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        logger,
        r,
        pruneEvery);
  }

  public RecorderSettings withPruneEvery(Duration d) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        logger,
        retention,
        d);
  }

  public RecorderSettings withLogger(Logger l) {
    return new RecorderSettings(
        queueCapacity,
        maxBatch,
        maxQueuedBodyBytes,
        maxHeld,
        capture,
        onBatch,
        onStatus,
        l,
        retention,
        pruneEvery);
  }
}
