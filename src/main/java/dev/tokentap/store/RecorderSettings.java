package dev.tokentap.store;

import dev.tokentap.capture.CapturePolicy;
import java.lang.System.Logger;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the recorder queues and writes.
 *
 * @param queueCapacity exchanges waiting to be written at most; beyond that they are dropped
 *     (counted and logged)
 * @param maxBatch exchanges written per transaction at most
 * @param maxQueuedBodyBytes captured body bytes waiting at most (keeps a burst of large bodies from
 *     exhausting the heap); beyond that exchanges are dropped too
 * @param capture whether to keep captures, and the body cap
 * @param onBatch called on the recorder thread after each committed batch with the rows written
 *     (for the UI, which must hand them over to its own thread); must be quick and not throw
 * @param logger where drops and write failures are reported
 */
public record RecorderSettings(
    int queueCapacity,
    int maxBatch,
    long maxQueuedBodyBytes,
    CapturePolicy capture,
    Consumer<List<StoredExchange>> onBatch,
    Logger logger) {

  public RecorderSettings {
    if (queueCapacity < 1 || maxBatch < 1 || maxQueuedBodyBytes < 0) {
      throw new IllegalArgumentException(
          "queueCapacity and maxBatch must be >= 1, maxQueuedBodyBytes >= 0");
    }
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(onBatch, "onBatch");
    Objects.requireNonNull(logger, "logger");
  }

  /** 10,000 queued, batches of up to 256, 256 MiB of queued bodies, default captures. */
  public static RecorderSettings defaults() {
    return new RecorderSettings(
        10_000,
        256,
        256L * 1024 * 1024,
        CapturePolicy.DEFAULT,
        rows -> {},
        System.getLogger(Recorder.class.getName()));
  }

  public RecorderSettings withQueueCapacity(int n) {
    return new RecorderSettings(n, maxBatch, maxQueuedBodyBytes, capture, onBatch, logger);
  }

  public RecorderSettings withMaxBatch(int n) {
    return new RecorderSettings(queueCapacity, n, maxQueuedBodyBytes, capture, onBatch, logger);
  }

  public RecorderSettings withMaxQueuedBodyBytes(long n) {
    return new RecorderSettings(queueCapacity, maxBatch, n, capture, onBatch, logger);
  }

  public RecorderSettings withCapture(CapturePolicy p) {
    return new RecorderSettings(queueCapacity, maxBatch, maxQueuedBodyBytes, p, onBatch, logger);
  }

  public RecorderSettings withOnBatch(Consumer<List<StoredExchange>> c) {
    return new RecorderSettings(queueCapacity, maxBatch, maxQueuedBodyBytes, capture, c, logger);
  }

  public RecorderSettings withLogger(Logger l) {
    return new RecorderSettings(queueCapacity, maxBatch, maxQueuedBodyBytes, capture, onBatch, l);
  }
}
