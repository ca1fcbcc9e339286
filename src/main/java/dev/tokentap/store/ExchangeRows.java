package dev.tokentap.store;

import dev.tokentap.capture.RedactedExchange;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Outcome;
import dev.tokentap.model.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Maps {@link StoredExchange} to and from the {@code exchanges} table. */
final class ExchangeRows {

  static final String INSERT =
      "INSERT INTO exchanges ("
          + String.join(", ", StoredExchange.COLUMNS)
          + ") VALUES ("
          + "?, ".repeat(StoredExchange.COLUMNS.size() - 1)
          + "?)";

  static final String SELECT =
      "SELECT " + String.join(", ", StoredExchange.COLUMNS) + " FROM exchanges";

  private ExchangeRows() {}

  /**
   * {@link #SELECT} for the file behind {@code c}: a column that an older schema lacks (a file
   * opened read-only without migrating, such as {@code replay_of} before schema 6) reads as NULL.
   */
  static String select(Connection c) throws SQLException {
    return "SELECT " + columns(c, "main") + " FROM exchanges";
  }

  /**
   * The {@link StoredExchange#COLUMNS} of {@code schema.exchanges} ({@code main}, or an attached
   * name), a column it lacks written {@code NULL AS column}.
   */
  static String columns(Connection c, String schema) throws SQLException {
    Set<String> present = new HashSet<>(present(c, schema));
    List<String> columns = new ArrayList<>();
    for (String column : StoredExchange.COLUMNS) {
      columns.add(present.contains(column) ? column : "NULL AS " + column);
    }
    return String.join(", ", columns);
  }

  /**
   * The {@link StoredExchange#COLUMNS} that {@code schema.exchanges} has, in their order (a copy
   * into a newer file leaves the others to their defaults).
   */
  static List<String> present(Connection c, String schema) throws SQLException {
    Set<String> have = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + schema + ".table_info(exchanges)")) {
      while (rs.next()) {
        have.add(rs.getString("name"));
      }
    }
    return StoredExchange.COLUMNS.stream().filter(have::contains).toList();
  }

  /** The row for a redacted exchange: numbers from the exchange, texts from the redaction. */
  static StoredExchange of(RedactedExchange r, Turn t) {
    Exchange e = r.exchange();
    ExchangeMetrics m = e.metrics() == null ? ExchangeMetrics.EMPTY : e.metrics();
    return new StoredExchange(
        e.id(),
        e.startedAtMs(),
        e.method() == null ? "" : e.method(),
        r.path() == null ? "" : r.path(),
        m.model(),
        e.status() > 0 ? e.status() : null,
        e.streamed(),
        m.ttftMs(),
        e.durationMs(),
        m.promptTokens(),
        m.cachedTokens(),
        m.completionTokens(),
        m.promptTps(),
        m.genTps(),
        e.requestBytes(),
        e.responseBytes(),
        e.outcome(),
        r.error(),
        r.query(),
        e.endpoint(),
        m.finishReason(),
        m.maxGapMs(),
        m.eventCount(),
        m.usageReported(),
        e.clientAddress(),
        r.userAgent(),
        r.credentialFingerprint(),
        r.upstream(),
        t.conversationId(),
        t.turn(),
        t.cacheMiss(),
        t.cacheNote(),
        t.lostTokens(),
        e.replayOf());
  }

  /** Binds {@code x} to {@link #INSERT}. */
  static void bind(PreparedStatement ps, StoredExchange x) throws SQLException {
    int i = 1;
    ps.setLong(i++, x.id());
    ps.setLong(i++, x.startedAt());
    ps.setString(i++, x.method());
    ps.setString(i++, x.path());
    ps.setString(i++, x.model());
    setInt(ps, i++, x.status());
    ps.setInt(i++, x.streamed() ? 1 : 0);
    setDouble(ps, i++, x.ttftMs());
    ps.setDouble(i++, x.durationMs());
    setLong(ps, i++, x.promptTokens());
    setLong(ps, i++, x.cachedTokens());
    setLong(ps, i++, x.completionTokens());
    setDouble(ps, i++, x.promptTps());
    setDouble(ps, i++, x.genTps());
    ps.setLong(i++, x.requestBytes());
    ps.setLong(i++, x.responseBytes());
    ps.setString(i++, x.outcome() == null ? null : x.outcome().code());
    ps.setString(i++, x.error());
    ps.setString(i++, x.query());
    ps.setString(i++, x.endpoint() == null ? null : x.endpoint().code());
    ps.setString(i++, x.finishReason());
    setDouble(ps, i++, x.maxGapMs());
    setInt(ps, i++, x.eventCount());
    ps.setInt(i++, x.usageReported() ? 1 : 0);
    ps.setString(i++, x.clientAddress());
    ps.setString(i++, x.userAgent());
    ps.setString(i++, x.credentialFp());
    ps.setString(i++, x.upstream());
    ps.setString(i++, x.conversationId());
    setInt(ps, i++, x.turn());
    ps.setString(i++, x.cacheMiss());
    ps.setString(i++, x.cacheNote());
    setLong(ps, i++, x.cacheLostTokens());
    setLong(ps, i, x.replayOf());
  }

  /** The row at the cursor of a {@link #select}. */
  static StoredExchange read(ResultSet rs) throws SQLException {
    return new StoredExchange(
        rs.getLong("id"),
        rs.getLong("started_at"),
        rs.getString("method"),
        rs.getString("path"),
        rs.getString("model"),
        getInt(rs, "status"),
        rs.getInt("streamed") != 0,
        getDouble(rs, "ttft_ms"),
        rs.getDouble("duration_ms"),
        getLong(rs, "prompt_tokens"),
        getLong(rs, "cached_tokens"),
        getLong(rs, "completion_tokens"),
        getDouble(rs, "prompt_tps"),
        getDouble(rs, "gen_tps"),
        rs.getLong("request_bytes"),
        rs.getLong("response_bytes"),
        outcome(rs),
        rs.getString("error"),
        rs.getString("query"),
        endpoint(rs.getString("endpoint")),
        rs.getString("finish_reason"),
        getDouble(rs, "max_gap_ms"),
        getInt(rs, "event_count"),
        rs.getInt("usage_reported") != 0,
        rs.getString("client_address"),
        rs.getString("user_agent"),
        rs.getString("credential_fp"),
        rs.getString("upstream"),
        rs.getString("conversation_id"),
        getInt(rs, "turn"),
        rs.getString("cache_miss"),
        rs.getString("cache_note"),
        getLong(rs, "cache_lost_tokens"),
        getLong(rs, "replay_of"));
  }

  /** The outcome column; a code this build does not know is a damaged file. */
  private static Outcome outcome(ResultSet rs) throws SQLException {
    String code = rs.getString("outcome");
    try {
      return Outcome.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new SQLDataException(
          "exchange " + rs.getLong("id") + " is damaged: " + e.getMessage(), e);
    }
  }

  static Endpoint endpoint(String code) {
    for (Endpoint e : Endpoint.values()) {
      if (e.code().equals(code)) {
        return e;
      }
    }
    return Endpoint.OTHER;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null || v.isNaN()) {
      ps.setNull(i, Types.REAL);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static Long getLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer getInt(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static Double getDouble(ResultSet rs, String col) throws SQLException {
    double v = rs.getDouble(col);
    return rs.wasNull() ? null : v;
  }
}
