package dev.tokentap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the {@code rollups} table: adds exchanges to the minute, 10-minute, hour and day rows they
 * fall in, in the caller's transaction (the recorder's batch, so rows and rollups are stored
 * together or not at all), and builds the rollups of a history that has none.
 */
final class RollupWriter implements AutoCloseable {

  static final String KEY_COLUMNS =
      "level, start, model, endpoint, outcome, user_agent, address, credential_fp";

  private static final String FIND =
      "SELECT rowid, "
          + Rollup.COLUMNS
          + " FROM rollups WHERE level = ? AND start = ? AND model IS ? AND endpoint = ?"
          + " AND outcome = ? AND user_agent IS ? AND address IS ? AND credential_fp IS ?";

  private static final String INSERT =
      "INSERT INTO rollups ("
          + KEY_COLUMNS
          + ", "
          + Rollup.COLUMNS
          + ") VALUES ("
          + "?, ".repeat(8 + Rollup.COLUMN_COUNT - 1)
          + "?)";

  private static final String UPDATE =
      "UPDATE rollups SET ("
          + Rollup.COLUMNS
          + ") = ("
          + "?, ".repeat(Rollup.COLUMN_COUNT - 1)
          + "?) WHERE rowid = ?";

  /** One rollup row's identity: level, bucket start and key. */
  private record Bucket(int level, long start, RollupKey key) {}

  private final PreparedStatement find;
  private final PreparedStatement insert;
  private final PreparedStatement update;

  RollupWriter(Connection connection) throws SQLException {
    this.find = connection.prepareStatement(FIND);
    this.insert = connection.prepareStatement(INSERT);
    this.update = connection.prepareStatement(UPDATE);
  }

  /**
   * Adds {@code rows} to the rollups (their minute, 10 minutes, hour and day), merging with stored
   * ones.
   */
  void add(List<StoredExchange> rows) throws SQLException {
    Map<Bucket, Rollup> buckets = new HashMap<>();
    for (StoredExchange x : rows) {
      RollupKey key = RollupKey.of(x);
      for (int level : RollupSpans.LEVELS) {
        buckets
            .computeIfAbsent(
                new Bucket(level, RollupSpans.bucketStart(x.startedAt(), level), key),
                b -> new Rollup())
            .add(x);
      }
    }
    for (Map.Entry<Bucket, Rollup> e : buckets.entrySet()) {
      upsert(e.getKey(), e.getValue());
    }
  }

  private void upsert(Bucket b, Rollup r) throws SQLException {
    bindKey(find, b);
    try (ResultSet rs = find.executeQuery()) {
      if (rs.next()) {
        long rowid = rs.getLong(1);
        Rollup stored = Rollup.read(rs, 2);
        stored.merge(r);
        int next = stored.bind(update, 1);
        update.setLong(next, rowid);
        update.executeUpdate();
        return;
      }
    }
    insert(b, r);
  }

  private void insert(Bucket b, Rollup r) throws SQLException {
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
            c.prepareStatement(ExchangeRows.SELECT + " ORDER BY started_at, id")) {
      ps.setFetchSize(1000);
      Map<Integer, Map<Bucket, Rollup>> open = new HashMap<>();
      Map<Integer, Long> openStart = new HashMap<>();
      long done = 0;
      int told = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredExchange x = ExchangeRows.read(rs);
          RollupKey key = RollupKey.of(x);
          for (int level : RollupSpans.LEVELS) {
            long start = RollupSpans.bucketStart(x.startedAt(), level);
            Map<Bucket, Rollup> buckets = open.computeIfAbsent(level, l -> new HashMap<>());
            Long current = openStart.get(level);
            if (current != null && current != start) {
              w.flush(buckets);
            }
            openStart.put(level, start);
            buckets.computeIfAbsent(new Bucket(level, start, key), b -> new Rollup()).add(x);
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
    find.close();
    insert.close();
    update.close();
  }
}
