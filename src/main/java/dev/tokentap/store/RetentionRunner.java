package dev.tokentap.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Runs the {@link Pruner} on the recorder thread between batches: at start, then every {@code
 * everyNanos}, for at most {@link #BUDGET_NANOS} per call, so the writer is never away from its
 * queue for long (the forwarder only offers to the queue and never waits either way). A run that is
 * not finished goes on at the next call.
 */
final class RetentionRunner {

  /** Time spent pruning per call at most (one step may overrun it a little). */
  static final long BUDGET_NANOS = 50_000_000L;

  private enum Phase {
    IDLE,
    DELETE,
    RECLAIM
  }

  private final Pruner pruner;
  private final long everyNanos;
  private final Logger logger;
  private Phase phase = Phase.IDLE;
  private long nextRun;
  private boolean deleted;
  private Pruner.Totals before;
  private long exchangesBefore;
  private long fileBefore;

  RetentionRunner(Pruner pruner, long everyNanos, Logger logger, long nowNanos) {
    this.pruner = pruner;
    this.everyNanos = everyNanos;
    this.logger = logger;
    this.nextRun = nowNanos; // right after start
  }

  /** True while a run is unfinished: the recorder should come back soon. */
  boolean busy() {
    return phase != Phase.IDLE;
  }

  /** Does a bounded slice of work if a run is due or unfinished. */
  void tick(long nowNanos) {
    if (phase == Phase.IDLE) {
      if (nowNanos - nextRun < 0 || !pruner.policy().limitsAnything()) {
        return;
      }
      try {
        before = pruner.totals();
      } catch (SQLException e) {
        fail(nowNanos, e);
        return;
      }
      exchangesBefore = pruner.exchangesDeleted();
      fileBefore = pruner.fileBytes();
      deleted = false;
      phase = Phase.DELETE;
    }
    long deadline = nowNanos + BUDGET_NANOS;
    try {
      do {
        if (phase == Phase.DELETE) {
          if (pruner.step()) {
            deleted = true;
          } else if (deleted) {
            phase = Phase.RECLAIM;
          } else {
            finish(nowNanos);
            return;
          }
        } else if (!pruner.reclaimStep()) {
          pruner.checkpoint();
          report();
          finish(nowNanos);
          return;
        }
      } while (System.nanoTime() - deadline < 0);
    } catch (SQLException | RuntimeException e) {
      fail(nowNanos, e);
    }
  }

  private void report() {
    try {
      Pruner.Totals after = pruner.totals();
      long captures = before.captures() - after.captures();
      long bytes = before.bytes() - after.bytes();
      long exchanges = pruner.exchangesDeleted() - exchangesBefore;
      long fileBeforeRun = fileBefore;
      long fileAfter = pruner.fileBytes();
      logger.log( // DEBUG: when captures sit at their cap, this would repeat every minute
          Level.DEBUG,
          () ->
              String.format(
                  Locale.ROOT,
                  "Retention: pruned %,d captures (%,d bytes) and %,d exchanges; file %,d -> %,d"
                      + " bytes",
                  captures,
                  bytes,
                  exchanges,
                  fileBeforeRun,
                  fileAfter));
    } catch (SQLException e) {
      // only the report is missing
    }
  }

  private void finish(long nowNanos) {
    phase = Phase.IDLE;
    nextRun = nowNanos + everyNanos;
  }

  private void fail(long nowNanos, Exception e) {
    logger.log(
        Level.WARNING,
        "Pruning old history failed ("
            + (e instanceof SQLException sql
                ? StoreException.firstLine(sql.getMessage())
                : StoreException.reason(e))
            + "); trying again later");
    finish(nowNanos);
  }
}
