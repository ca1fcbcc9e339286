package dev.tokentap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the rollup tables ({@link RollupTable}): adds exchanges to the minute, 10-minute, hour and
 * day rows they fall in, in the caller's transaction (the recorder's batch, so rows and rollups are
 * stored together or not at all), and builds the rollups of a history that has none.
 */
final class RollupWriter implements AutoCloseable {

  static final String KEY_COLUMNS =
      "level, start, model, endpoint, outcome, user_agent, address, credential_fp";

  /** One rollup row's identity: table, level, bucket start and key. */
  private record Bucket(RollupTable table, int level, long start, RollupKey key) {}

  /** The statements of one table. */
  private record Statements(
      PreparedStatement find, PreparedStatement insert, PreparedStatement update)
      implements AutoCloseable {

    static Statements prepare(Connection c, RollupTable t) throws SQLException {
      return new Statements(
          c.prepareStatement(
              "SELECT rowid, "
                  + Rollup.COLUMNS
                  + " FROM "
                  + t.table
                  + " WHERE level = ? AND start = ? AND model IS ? AND endpoint = ?"
                  + " AND outcome = ? AND user_agent IS ? AND address IS ? AND credential_fp IS ?"),
          c.prepareStatement(
              "INSERT INTO "
                  + t.table
                  + " ("
                  + KEY_COLUMNS
                  + ", "
                  + Rollup.COLUMNS
                  + ") VALUES ("
                  + "?, ".repeat(8 + Rollup.COLUMN_COUNT - 1)
                  + "?)"),
          c.prepareStatement(
              "UPDATE "
                  + t.table
                  + " SET ("
                  + Rollup.COLUMNS
                  + ") = ("
                  + "?, ".repeat(Rollup.COLUMN_COUNT - 1)
                  + "?) WHERE rowid = ?"));
    }

    @Override
    public void close() throws SQLException {
      find.close();
      insert.close();
      update.close();
    }
  }

  private final Map<RollupTable, Statements> statements = new EnumMap<>(RollupTable.class);

  RollupWriter(Connection connection) throws SQLException {
    for (RollupTable t : RollupTable.values()) {
      statements.put(t, Statements.prepare(connection, t));
    }
  }

  /** Adds {@code x} to its bucket of every table and level in {@code buckets}. */
  private static void addTo(Map<Bucket, Rollup> buckets, StoredExchange x, int level) {
    RollupKey key = RollupKey.of(x);
    long start = RollupSpans.bucketStart(x.startedAt(), level);
    for (RollupTable t : RollupTable.values()) {
      buckets
          .computeIfAbsent(new Bucket(t, level, start, t.project(key)), b -> new Rollup())
          .add(x);
    }
  }

  /**
   * Adds {@code rows} to the rollups (their minute, 10 minutes, hour and day), merging with stored
   * ones.
   */
  void add(List<StoredExchange> rows) throws SQLException {
    Map<Bucket, Rollup> buckets = new HashMap<>();
    for (StoredExchange x : rows) {
      for (int level : RollupSpans.LEVELS) {
        addTo(buckets, x, level);
      }
    }
    for (Map.Entry<Bucket, Rollup> e : buckets.entrySet()) {
      upsert(e.getKey(), e.getValue());
    }
  }

  private void upsert(Bucket b, Rollup r) throws SQLException {
    Statements s = statements.get(b.table());
    bindKey(s.find(), b);
    try (ResultSet rs = s.find().executeQuery()) {
      if (rs.next()) {
        long rowid = rs.getLong(1);
        Rollup stored = Rollup.read(rs, 2);
        stored.merge(r);
        int next = stored.bind(s.update(), 1);
        s.update().setLong(next, rowid);
        s.update().executeUpdate();
        return;
      }
    }
    insert(b, r);
  }

  private void insert(Bucket b, Rollup r) throws SQLException {
    PreparedStatement insert = statements.get(b.table()).insert();
    r.bind(insert, bindKey(insert, b));
    insert.executeUpdate();
  }

  private static int bindKey(PreparedStatement ps, Bucket b) throws SQLException {
    RollupKey k = b.key();
    ps.setInt(1, b.level());
    ps.setLong(2, b.start());
    ps.setString(3, k.model());
    ps.setString(4, k.endpoint());
    ps.setString(5, k.outcome());
    ps.setString(6, k.userAgent());
    ps.setString(7, k.address());
    ps.setString(8, k.credentialFp());
    return 9;
  }

  /**
   * Builds the rollups of every stored exchange into an empty {@code rollups} table, reading the
   * rows once in time order and writing each bucket when the reading has passed it. {@code
   * progress} hears a line now and then for a long history.
   */
  static void build(Connection c, Consumer<String> progress) throws SQLException {
    long total;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM exchanges");
        ResultSet rs = ps.executeQuery()) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    if (total == 0) {
      return;
    }
    boolean tell = total >= 100_000;
    if (tell) {
      progress.accept(
          String.format(
              java.util.Locale.ROOT,
              "Summing up %,d stored exchanges per minute, 10 minutes, hour and day (once; the dashboard"
                  + " reads these summaries)",
              total));
    }
    try (RollupWriter w = new RollupWriter(c);
        PreparedStatement ps =
            c.prepareStatement(ExchangeRows.select(c) + " ORDER BY started_at, id")) {
      ps.setFetchSize(1000);
      Map<Integer, Map<Bucket, Rollup>> open = new HashMap<>();
      Map<Integer, Long> openStart = new HashMap<>();
      long done = 0;
      int told = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredExchange x = ExchangeRows.read(rs);
          for (int level : RollupSpans.LEVELS) {
            long start = RollupSpans.bucketStart(x.startedAt(), level);
            Map<Bucket, Rollup> buckets = open.computeIfAbsent(level, l -> new HashMap<>());
            Long current = openStart.get(level);
            if (current != null && current != start) {
              w.flush(buckets);
            }
            openStart.put(level, start);
            addTo(buckets, x, level);
          }
          done++;
          int percent = (int) (done * 100 / total);
          if (tell && percent >= told + 10) {
            told = percent / 10 * 10;
            progress.accept("Summing up stored exchanges: " + told + "%");
          }
        }
      }
      for (Map<Bucket, Rollup> buckets : open.values()) {
        w.flush(buckets);
      }
    }
  }

  private void flush(Map<Bucket, Rollup> buckets) throws SQLException {
    for (Map.Entry<Bucket, Rollup> e : buckets.entrySet()) {
      insert(e.getKey(), e.getValue());
    }
    buckets.clear();
  }

  @Override
  public void close() throws SQLException {
    for (Statements s : statements.values()) {
      s.close();
    }
  }
}
