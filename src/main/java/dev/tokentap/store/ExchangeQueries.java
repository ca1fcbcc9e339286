package dev.tokentap.store;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.capture.HeadersJson;
import dev.tokentap.capture.ZstdCodec;
import dev.tokentap.model.EventTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side, on its own connection (WAL lets it read while the recorder writes). Calls are
 * serialized on that connection.
 */
final class ExchangeQueries {

  private static final int FETCH_SIZE = 500;

  private final Connection connection;

  ExchangeQueries(Connection connection) {
    this.connection = connection;
  }

  synchronized SessionSummary summary() throws SQLException {
    long count;
    Long first;
    Long last;
    long errors;
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT count(*), min(started_at), max(started_at),"
                    + " coalesce(sum(outcome <> 'ok'), 0) FROM exchanges");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      count = rs.getLong(1);
      first = rs.getObject(2) == null ? null : rs.getLong(2);
      last = rs.getObject(3) == null ? null : rs.getLong(3);
      errors = rs.getLong(4);
    }
    java.util.Map<String, List<Double>> speeds = new java.util.HashMap<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT coalesce(model, ''), gen_tps FROM exchanges WHERE gen_tps IS NOT NULL"
                    + " ORDER BY 1, 2");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        speeds.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getDouble(2));
      }
    }
    List<SessionSummary.Model> models = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT model, count(*), sum(prompt_tokens), sum(cached_tokens),"
                    + " sum(completion_tokens) FROM exchanges GROUP BY model"
                    + " ORDER BY count(*) DESC, model");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String model = rs.getString(1);
        List<Double> s = speeds.get(model == null ? "" : model);
        models.add(
            new SessionSummary.Model(
                model,
                rs.getLong(2),
                rs.getObject(3) == null ? null : rs.getLong(3),
                rs.getObject(4) == null ? null : rs.getLong(4),
                rs.getObject(5) == null ? null : rs.getLong(5),
                median(s)));
      }
    }
    return new SessionSummary(count, first, last, errors, models);
  }

  /** The median of sorted values, null when there are none. */
  private static Double median(List<Double> sorted) {
    if (sorted == null || sorted.isEmpty()) {
      return null;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  synchronized long count() throws SQLException {
    return single("SELECT count(*) FROM exchanges");
  }

  synchronized long maxId() throws SQLException {
    return single("SELECT coalesce(max(id), 0) FROM exchanges");
  }

  synchronized List<StoredExchange> recent(int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            ExchangeRows.SELECT + " ORDER BY started_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      return list(ps);
    }
  }

  synchronized List<StoredExchange> before(long startedAt, long id, int limit) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            ExchangeRows.SELECT
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
        connection.prepareStatement("SELECT count(*) FROM exchanges WHERE " + filter.where())) {
      filter.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  synchronized <E extends Exception> long forEach(
      ExchangeFilter filter, ExchangeStore.ExchangeVisitor<E> visitor) throws SQLException, E {
    try (PreparedStatement ps =
        connection.prepareStatement(
            ExchangeRows.SELECT + " WHERE " + filter.where() + " ORDER BY id")) {
      ps.setFetchSize(FETCH_SIZE);
      filter.bind(ps, 1);
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

  synchronized String meta(String key) throws SQLException {
    return Migrations.meta(connection, key);
  }

  synchronized Optional<StoredExchange> exchange(long id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(ExchangeRows.SELECT + " WHERE id = ?")) {
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
        return Optional.of(
            new Capture(
                HeadersJson.read(rs.getString("request_headers")),
                HeadersJson.read(rs.getString("response_headers")),
                body(rs, "request"),
                body(rs, "response"),
                rs.getInt("redactions")));
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
        ZstdCodec.decompress(blob),
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
}
