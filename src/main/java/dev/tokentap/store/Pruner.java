package dev.tokentap.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;

/**
 * Applies a {@link RetentionPolicy} on one connection, in small steps: each {@link #step()} deletes
 * at most {@link #STEP_ROWS} rows in one short transaction, each {@link #reclaimStep()} gives at
 * most {@link #VACUUM_PAGES} free pages back to the OS. Confined to the thread that owns the
 * connection (the recorder thread, or the {@code prune} command).
 */
final class Pruner {

  static final int STEP_ROWS = 500;
  static final int VACUUM_PAGES = 2048;

  private final Connection connection;
  private final Path dbFile;
  private final RetentionPolicy policy;
  private final LongSupplier clockMillis;

  private long exchangesDeleted;
  private long summariesDeleted;

  Pruner(Connection connection, Path dbFile, RetentionPolicy policy, LongSupplier clockMillis) {
    this.connection = connection;
    this.dbFile = dbFile;
    this.policy = policy;
    this.clockMillis = clockMillis;
  }

  RetentionPolicy policy() {
    return policy;
  }

  /** Exchanges deleted by this pruner so far. */
  long exchangesDeleted() {
    return exchangesDeleted;
  }

  /** Stored captures and their bytes (the running total kept by triggers: one row read). */
  record Totals(long captures, long bytes) {}

  Totals totals() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT captures, bytes FROM capture_totals WHERE id = 1")) {
      return rs.next() ? new Totals(rs.getLong(1), rs.getLong(2)) : new Totals(0, 0);
    }
  }

  /**
   * Deletes one bounded step of what is over the policy: captures first, then exchanges too old,
   * then exchanges beyond the count.
   *
   * @return false when nothing is over the policy (nothing was deleted)
   */
  boolean step() throws SQLException {
    return captureStep() || ageStep() || countStep() || summaryStep();
  }

  /** Rollups deleted by this pruner so far. */
  long summariesDeleted() {
    return summariesDeleted;
  }

  private boolean summaryStep() throws SQLException {
    if (policy.maxSummaryAge().isZero()) {
      return false;
    }
    long cutoff = clockMillis.getAsLong() - policy.maxSummaryAge().toMillis();
    return inTransaction(
        () -> {
          // whole periods only: a rollup goes when the period it sums up ended before the cutoff
          int n = 0;
          for (RollupTable t : RollupTable.values()) {
            try (PreparedStatement del =
                connection.prepareStatement(
                    "DELETE FROM "
                        + t.table
                        + " WHERE rowid IN (SELECT rowid FROM "
                        + t.table
                        + " WHERE start + level * 60000 <= ? LIMIT ?)")) {
              del.setLong(1, cutoff);
              del.setInt(2, STEP_ROWS);
              n += del.executeUpdate();
            }
          }
          summariesDeleted += n;
          return n > 0;
        });
  }

  private boolean captureStep() throws SQLException {
    long cap = policy.maxCaptureBytes();
    if (cap <= 0) {
      return false;
    }
    long excess = totals().bytes() - cap;
    if (excess <= 0) {
      return false;
    }
    return inTransaction(
        () -> {
          long lastId = -1;
          long freed = 0;
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT exchange_id, "
                      + Migrations.CAPTURE_BYTES.formatted("captures")
                      + " FROM captures ORDER BY exchange_id LIMIT ?")) {
            ps.setInt(1, STEP_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
              while (freed < excess && rs.next()) {
                lastId = rs.getLong(1);
                freed += rs.getLong(2);
              }
            }
          }
          if (lastId < 0) {
            return false;
          }
          try (PreparedStatement del =
              connection.prepareStatement("DELETE FROM captures WHERE exchange_id <= ?")) {
            del.setLong(1, lastId);
            return del.executeUpdate() > 0;
          }
        });
  }

  private boolean ageStep() throws SQLException {
    if (policy.maxAge().isZero()) {
      return false;
    }
    long cutoff = clockMillis.getAsLong() - policy.maxAge().toMillis();
    return inTransaction(
        () -> {
          try (PreparedStatement del =
              connection.prepareStatement(
                  "DELETE FROM exchanges WHERE id IN (SELECT id FROM exchanges"
                      + " WHERE started_at < ? ORDER BY started_at LIMIT ?)")) {
            del.setLong(1, cutoff);
            del.setInt(2, STEP_ROWS);
            int n = del.executeUpdate();
            exchangesDeleted += n;
            return n > 0;
          }
        });
  }

  private boolean countStep() throws SQLException {
    long max = policy.maxExchanges();
    if (max <= 0) {
      return false;
    }
    return inTransaction(
        () -> {
          long count;
          try (Statement s = connection.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM exchanges")) {
            count = rs.next() ? rs.getLong(1) : 0;
          }
          if (count <= max) {
            return false;
          }
          try (PreparedStatement del =
              connection.prepareStatement(
                  "DELETE FROM exchanges WHERE id IN (SELECT id FROM exchanges"
                      + " ORDER BY started_at, id LIMIT ?)")) {
            del.setLong(1, Math.min(count - max, STEP_ROWS));
            int n = del.executeUpdate();
            exchangesDeleted += n;
            return n > 0;
          }
        });
  }

  /**
   * Gives up to {@link #VACUUM_PAGES} free pages back to the OS.
   *
   * @return false when no free page is left
   */
  boolean reclaimStep() throws SQLException {
    if (freePages() == 0) {
      return false;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA incremental_vacuum(" + VACUUM_PAGES + ")");
    }
    return freePages() > 0;
  }

  private long freePages() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA freelist_count")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Copies the WAL into the database and truncates it, if no reader needs it: never waits (a
   * reader, an export say, keeps its snapshot; the WAL is then truncated next time).
   *
   * @return true when the WAL was truncated
   */
  boolean checkpoint() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0");
      try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        return rs.next() && rs.getInt(1) == 0;
      } finally {
        s.execute("PRAGMA busy_timeout = 5000");
      }
    }
  }

  /** Runs the whole policy at once: every step, the vacuum, the checkpoint. */
  PruneResult pruneAll() throws SQLException {
    long before = fileBytes();
    Totals t0 = totals();
    long exchanges0 = exchangesDeleted;
    long summaries0 = summariesDeleted;
    boolean any = false;
    while (step()) {
      any = true;
    }
    if (any) {
      while (reclaimStep()) {
        // bounded steps, so a huge free list does not hold the write lock for long
      }
    }
    checkpoint();
    Totals t1 = totals();
    return new PruneResult(
        t0.captures() - t1.captures(),
        t0.bytes() - t1.bytes(),
        exchangesDeleted - exchanges0,
        summariesDeleted - summaries0,
        before,
        fileBytes());
  }

  /** {@code tokentap.db} plus its WAL, in bytes. */
  long fileBytes() {
    return size(dbFile) + size(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  @FunctionalInterface
  private interface Work {
    boolean run() throws SQLException;
  }

  private boolean inTransaction(Work work) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        boolean changed = work.run();
        s.execute("COMMIT");
        return changed;
      } catch (SQLException | RuntimeException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException alreadyRolledBack) {
          e.addSuppressed(alreadyRolledBack);
        }
        throw e;
      }
    }
  }
}
