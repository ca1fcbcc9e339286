package dev.tokentap.store;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.capture.HeadersJson;
import dev.tokentap.capture.ZstdCodec;
import dev.tokentap.model.EventTimes;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side, on its own connection (WAL lets it read while the recorder writes). Calls are
 * serialized on that connection.
 */
final class ExchangeQueries {

  private static final int FETCH_SIZE = 500;

  /**
   * The largest capture body read into memory: an eighth of the heap. A body TokenTap stored is at
   * most the capture cap (16 MiB by default); a damaged or hostile file can hold a few bytes of
   * zstd that claim or expand to gigabytes.
   */
  static final int MAX_BODY_READ =
      (int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 8);

  private final Connection connection;
  private Optional<String> searchIndex; // looked up once
  private final StatsQueries stats;
  private String select; // for the file's schema, read once

  /**
   * The search index to filter with ({@code main.capture_text}), or null for a file without one;
   * looked up once.
   */
  private synchronized String searchIndex() throws SQLException {
    if (searchIndex == null) {
      searchIndex = Optional.ofNullable(SearchIndex.in(connection, "main"));
    }
    return searchIndex.orElse(null);
  }

  synchronized List<Long> bodyMatches(ExchangeFilter filter, List<Long> ids) throws SQLException {
    return SearchIndex.matching(connection, searchIndex(), filter.text(), ids);
  }

  ExchangeQueries(Connection connection) {
    this.connection = connection;
    this.stats = new StatsQueries(connection);
  }

  /** {@code SELECT} of every column, as the open file's schema has them. */
  private String select() throws SQLException {
    if (select == null) {
      select = ExchangeRows.select(connection);
    }
    return select;
  }

  synchronized SessionSummary summary() throws SQLException {
    RangeStats all = stats.rangeStats(ExchangeFilter.ALL);
    List<SessionSummary.Model> models = new ArrayList<>();
    for (ModelStats m : stats.modelStats(ExchangeFilter.ALL)) {
      models.add(
          new SessionSummary.Model(
              m.model(),
              m.requests(),
              m.promptTokens(),
              m.cachedTokens(),
              m.completionTokens(),
              m.medianGenTps()));
    }
    return new SessionSummary(
        all.requests(), all.firstStartedAt(), all.lastStartedAt(), all.errors(), models);
  }

  synchronized boolean readsRollups(ExchangeFilter filter) throws SQLException {
    return stats.readsRollups(filter);
  }

  synchronized List<UsageStats> usage(ExchangeFilter filter, UsageStats.By by, ZoneId zone)
      throws SQLException {
    return stats.usage(filter, by, zone);
  }

  synchronized RangeStats rangeStats(ExchangeFilter filter) throws SQLException {
    return stats.rangeStats(filter);
  }

  synchronized List<ModelStats> modelStats(ExchangeFilter filter) throws SQLException {
    return stats.modelStats(filter);
  }

  synchronized List<TimeBucket> timeBuckets(
      ExchangeFilter filter, Duration bucket, int topModels, ZoneOffset zone) throws SQLException {
    return stats.timeBuckets(filter, bucket, topModels, zone);
  }

  synchronized List<ClientStats> clientStats(
      ExchangeFilter range, Instant todayStart, Instant monthStart) throws SQLException {
    return stats.clientStats(range, todayStart, monthStart);
  }

  /** The newest {@code limit} exchanges {@code f} takes, as chart points, newest first. */
  synchronized List<ExchangePoint> points(ExchangeFilter f, int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id, started_at, model, prompt_tokens, cached_tokens, ttft_ms, gen_tps,"
                + " prompt_tps FROM exchanges WHERE "
                + f.where(searchIndex())
                + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
      int next = f.bind(ps, 1, searchIndex());
      ps.setInt(next, limit);
      List<ExchangePoint> points = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          points.add(
              new ExchangePoint(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  StatsQueries.longOrNull(rs, 4),
                  StatsQueries.longOrNull(rs, 5),
                  doubleOrNull(rs, 6),
                  doubleOrNull(rs, 7),
                  doubleOrNull(rs, 8)));
        }
      }
      return points;
    }
  }

  synchronized long count() throws SQLException {
    return single("SELECT count(*) FROM exchanges");
  }

  synchronized long maxId() throws SQLException {
    return single("SELECT coalesce(max(id), 0) FROM exchanges");
  }

  synchronized List<StoredExchange> recent(int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(select() + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      return list(ps);
    }
  }

  synchronized List<StoredExchange> before(long startedAt, long id, int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            select()
                + " WHERE started_at < ? OR (started_at = ? AND id < ?)"
                + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
      ps.setLong(1, startedAt);
      ps.setLong(2, startedAt);
      ps.setLong(3, id);
      ps.setInt(4, limit);
      return list(ps);
    }
  }

  synchronized long count(ExchangeFilter filter) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT count(*) FROM exchanges WHERE " + filter.where(searchIndex()))) {
      filter.bind(ps, 1, searchIndex());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** A read in one transaction, with the number of the last recorder batch its snapshot holds. */
  synchronized <T> Snapshot<T> inSnapshot(SqlRead<T> read) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN");
      try {
        T value = read.run();
        String seq = Migrations.meta(connection, StoredBatch.META_KEY);
        return new Snapshot<>(value, seq == null ? 0 : Long.parseLong(seq));
      } finally {
        st.execute("COMMIT");
      }
    }
  }

  /** A read run inside {@link #inSnapshot}. */
  @FunctionalInterface
  interface SqlRead<T> {
    T run() throws SQLException;
  }

  synchronized List<String> modelNames() throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT DISTINCT model FROM exchanges WHERE model IS NOT NULL ORDER BY model");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  synchronized List<StoredExchange> page(
      ExchangeFilter filter, ExchangeOrder order, long offset, int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            select()
                + " WHERE "
                + filter.where(searchIndex())
                + " ORDER BY "
                + order.sql()
                + " LIMIT ? OFFSET ?")) {
      int i = filter.bind(ps, 1, searchIndex());
      ps.setInt(i++, limit);
      ps.setLong(i, offset);
      return list(ps);
    }
  }

  synchronized <E extends Exception> long forEach(
      ExchangeFilter filter, ExchangeStore.ExchangeVisitor<E> visitor) throws SQLException, E {
    try (PreparedStatement ps =
        connection.prepareStatement(
            select() + " WHERE " + filter.where(searchIndex()) + " ORDER BY id")) {
      ps.setFetchSize(FETCH_SIZE);
      filter.bind(ps, 1, searchIndex());
      long n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          visitor.visit(ExchangeRows.read(rs));
          n++;
        }
      }
      return n;
    }
  }

  synchronized CacheMissStats cacheMisses(ExchangeFilter f) throws SQLException {
    return ConversationQueries.cacheMisses(connection, f, searchIndex());
  }

  synchronized List<StoredExchange> conversation(String id) throws SQLException {
    return ConversationQueries.turns(connection, select(), id);
  }

  synchronized List<StoredExchange> newestTurns(long sinceMs, int limit) throws SQLException {
    return ConversationQueries.newestTurns(connection, select(), sinceMs, limit);
  }

  synchronized String meta(String key) throws SQLException {
    return Migrations.meta(connection, key);
  }

  synchronized Optional<StoredExchange> exchange(long id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(select() + " WHERE id = ?")) {
      ps.setLong(1, id);
      List<StoredExchange> rows = list(ps);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }
  }

  synchronized Optional<Capture> capture(long id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT * FROM captures WHERE exchange_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        try {
          return Optional.of(
              new Capture(
                  HeadersJson.read(rs.getString("request_headers")),
                  HeadersJson.read(rs.getString("response_headers")),
                  body(rs, "request"),
                  body(rs, "response"),
                  rs.getInt("redactions")));
        } catch (IllegalArgumentException | UncheckedIOException e) {
          // what the header and zstd readers say of bytes they cannot read (a damaged file)
          throw new SQLDataException(
              "the capture of exchange " + id + " is damaged: " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * The stream event times of exchange {@code id}; empty when there are none (not a stream, a HAR
   * import, or a file older than schema 3).
   *
   * @throws IllegalArgumentException when the stored bytes are damaged
   */
  synchronized Optional<EventTimes> eventTimes(long id) throws SQLException {
    if (!Migrations.hasTable(connection, "main", "event_times")) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT times FROM event_times WHERE exchange_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(EventTimes.decode(rs.getBytes(1))) : Optional.empty();
      }
    }
  }

  private static CaptureBody body(ResultSet rs, String side) throws SQLException {
    byte[] blob = rs.getBytes(side + "_body");
    if (blob == null) {
      return null;
    }
    return new CaptureBody(
        ZstdCodec.decompress(blob, MAX_BODY_READ),
        rs.getLong(side + "_body_bytes"),
        rs.getInt(side + "_truncated") != 0,
        rs.getString(side + "_encoding"),
        rs.getInt(side + "_decoded") != 0);
  }

  private long single(String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static List<StoredExchange> list(PreparedStatement ps) throws SQLException {
    List<StoredExchange> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(ExchangeRows.read(rs));
      }
    }
    return out;
  }

  synchronized void close() {
    Database.closeQuietly(connection);
  }

  private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
