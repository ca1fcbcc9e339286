package dev.tokentap.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Whether the recorder's store takes writes: the fault it is in (none while writes succeed), when
 * to try again (waits doubling from 100 ms up to {@link Recorder#MAX_RETRY}), and the {@link
 * RecorderStatus} it tells the window, at once when the fault changes and at most every 250 ms
 * while the held count moves. The writer thread's own, but {@link #status()}.
 */
final class RecorderHealth {

  private static final long FIRST_RETRY_MS = 100;
  private static final long STATUS_EVERY_NANOS = 250_000_000L;

  private final Logger logger;
  private final Consumer<RecorderStatus> onStatus;
  private final HeldExchanges held;
  private volatile RecorderStatus status = RecorderStatus.RECORDING;
  private StoreFault fault; // null while writes succeed
  private int failures; // in a row
  private long faultSinceNanos;
  private long nextAttemptNanos;
  private long statusSentNanos;

  RecorderHealth(Logger logger, Consumer<RecorderStatus> onStatus, HeldExchanges held) {
    this.logger = logger;
    this.onStatus = onStatus;
    this.held = held;
  }

  /** The status last told (any thread). */
  RecorderStatus status() {
    return status;
  }

  /** Whether the store refuses writes now. */
  boolean failing() {
    return fault != null;
  }

  /** What the store refuses with, in words; null while it takes writes. */
  String problem() {
    return fault == null ? null : fault.problem();
  }

  /**
   * Whether a write may be tried at {@code nanos}: at once while healthy, else when the wait is
   * over.
   */
  boolean mayTry(long nanos) {
    return fault == null || nanos - nextAttemptNanos >= 0;
  }

  /** Milliseconds from {@code nanos} to the next attempt (0 when it is due). */
  long msUntilNextTry(long nanos) {
    return Math.max(0, (nextAttemptNanos - nanos) / 1_000_000);
  }

  /** A write failed with {@code e}: waits longer before the next, and tells a new problem. */
  void failed(Exception e) {
    StoreFault now = StoreFault.of(e);
    long delayMs =
        Math.min(Recorder.MAX_RETRY.toMillis(), FIRST_RETRY_MS << Math.min(failures, 16));
    failures++;
    nextAttemptNanos = System.nanoTime() + delayMs * 1_000_000;
    if (fault == null) {
      faultSinceNanos = System.nanoTime();
    }
    boolean news = fault == null || !fault.problem().equals(now.problem());
    fault = now;
    if (news) {
      status = current();
      logger.log(Level.WARNING, status.text(), e);
      send();
    }
  }

  /** A write succeeded after failures; {@code waited} exchanges were held meanwhile. */
  void healed(int waited) {
    long seconds = (System.nanoTime() - faultSinceNanos) / 1_000_000_000L;
    fault = null;
    failures = 0;
    status = current();
    logger.log(
        Level.INFO,
        "Recording again after "
            + seconds
            + " s: the "
            + waited
            + (waited == 1 ? " exchange" : " exchanges")
            + " held meanwhile "
            + (waited == 1 ? "is" : "are")
            + " being written"
            + droppedNote());
    send();
  }

  /** While failing, the waiting count changes: told at most every 250 ms. */
  void publish() {
    if (fault == null || System.nanoTime() - statusSentNanos < STATUS_EVERY_NANOS) {
      return;
    }
    RecorderStatus now = current();
    if (!now.equals(status)) {
      status = now;
      send();
    }
  }

  private String droppedNote() {
    if (held.droppedCaptures() + held.droppedRows() == 0) {
      return "";
    }
    return "; to stay within memory "
        + held.droppedRows()
        + " exchanges and "
        + held.droppedCaptures()
        + " captures were dropped";
  }

  private RecorderStatus current() {
    if (fault == null) {
      return RecorderStatus.RECORDING;
    }
    return new RecorderStatus(
        fault.problem(), fault.hint(), held.size(), held.droppedCaptures(), held.droppedRows());
  }

  private void send() {
    statusSentNanos = System.nanoTime();
    try {
      onStatus.accept(status);
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "Status listener failed", e);
    }
  }
}
