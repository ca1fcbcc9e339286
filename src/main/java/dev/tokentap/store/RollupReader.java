package dev.tokentap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what a filter takes as rollups: whole days, hours and minutes from the {@code rollups}
 * table, the parts of a minute at the ends of the range from the rows ({@link RollupSpans}), each
 * row as a rollup of one. A filter the rollups cannot answer (free text), or a file without them (a
 * history older than them, opened read-only), is read from the rows throughout.
 */
final class RollupReader {

  /**
   * Receives what was read: a rollup row (its bucket start), one exchange (its start), or, for a
   * read without distributions, the sum of a key's rollups in one span (its first bucket's start).
   */
  @FunctionalInterface
  interface Sink {
    void accept(long start, RollupKey key, Rollup rollup);
  }

  private static final String KEY = "model, endpoint, outcome, user_agent, address, credential_fp";

  private final Connection connection;
  private Boolean hasRollups; // looked up once
  private Optional<String> searchIndex; // looked up once

  RollupReader(Connection connection) {
    this.connection = connection;
  }

  /** Whether {@code f} is answered from rollups (else from every row it takes). */
  boolean serves(ExchangeFilter f) throws SQLException {
    if (hasRollups == null) {
      hasRollups = Migrations.hasTable(connection, "main", RollupTable.CLIENTS.table);
    }
    return hasRollups && f.text() == null;
  }

  /**
   * Reads what {@code f} takes from {@code table}, with rollups of at most {@code maxLevel} minutes
   * (0: rows only); their distributions only when {@code distributions} (without them, the buckets
   * of a key in one span come summed by SQLite, as one). Rows read (the ends of the range, or all
   * of it) come keyed as {@code table} keys them.
   */
  void read(ExchangeFilter f, RollupTable table, int maxLevel, boolean distributions, Sink sink)
      throws SQLException {
    if (!serves(f)) {
      readRows(f, table, sink);
      return;
    }
    ExchangeFilter keyOnly = f.withRange(null, null);
    for (RollupSpans.Span s : RollupSpans.of(millis(f.since()), millis(f.until()), maxLevel)) {
      if (s.rows()) {
        readRows(
            f.withRange(Instant.ofEpochMilli(s.from()), Instant.ofEpochMilli(s.until())),
            table,
            sink);
      } else {
        readRollups(s, table, keyOnly, distributions, sink);
      }
    }
  }

  private void readRollups(
      RollupSpans.Span s,
      RollupTable table,
      ExchangeFilter keyOnly,
      boolean distributions,
      Sink sink)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            // without distributions, SQLite sums each key's buckets of the span: one row per key
            (distributions ? "SELECT start, " : "SELECT min(start), ")
                + KEY
                + ", "
                + (distributions ? Rollup.COLUMNS : Rollup.SUMS_WITHOUT_DISTRIBUTIONS)
                + " FROM "
                + table.table
                + " WHERE level = ? AND start >= ? AND start < ? AND "
                + keyOnly.where(null) // no text: a filter with text is read from the rows
                + (distributions ? "" : " GROUP BY " + KEY))) {
      ps.setInt(1, s.level());
      ps.setLong(2, s.from());
      ps.setLong(3, s.until());
      keyOnly.bind(ps, 4, null);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RollupKey key =
              new RollupKey(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7));
          sink.accept(rs.getLong(1), key, Rollup.read(rs, 8));
        }
      }
    }
  }

  private void readRows(ExchangeFilter f, RollupTable table, Sink sink) throws SQLException {
    if (searchIndex == null) {
      searchIndex = Optional.ofNullable(SearchIndex.in(connection, "main"));
    }
    String index = searchIndex.orElse(null);
    try (PreparedStatement ps =
        connection.prepareStatement(ExchangeRows.select(connection) + " WHERE " + f.where(index))) {
      f.bind(ps, 1, index);
      ps.setFetchSize(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredExchange x = ExchangeRows.read(rs);
          Rollup one = new Rollup();
          one.add(x);
          sink.accept(x.startedAt(), table.project(RollupKey.of(x)), one);
        }
      }
    }
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
