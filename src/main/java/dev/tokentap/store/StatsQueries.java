package dev.tokentap.store;

import dev.tokentap.model.Endpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's aggregate reads. Sums, counts and groups are computed by SQLite in one scan of
 * the range each; percentiles are taken in Java from the values read as primitives (SQLite has no
 * percentile function, and sorting a million rows there is slower than reading them). Unknown
 * values (NULL) are left out of sums and means, never counted as zeros. Called under {@link
 * ExchangeQueries}' lock, on its connection.
 *
 * <p>{@code GROUP BY +model} keeps SQLite from walking the model index to avoid a sort: that turns
 * a range read through the {@code started_at} index into a read of the whole table.
 */
final class StatsQueries {

  /** The {@code endpoint} codes of generating endpoints, as SQL literals (enum constants only). */
  private static final String GENERATING =
      Arrays.stream(Endpoint.values())
          .filter(Endpoint::generates)
          .map(e -> "'" + e.code() + "'")
          .collect(Collectors.joining(", "));

  /** Sums of prompt and cached tokens over the rows that reported both. */
  private static final String BOTH_KNOWN =
      "sum(CASE WHEN cached_tokens IS NOT NULL THEN prompt_tokens END),"
          + " sum(CASE WHEN prompt_tokens IS NOT NULL THEN cached_tokens END)";

  /** The client's IP address: {@code client_address} ({@code ip:port}) without the port. */
  private static final String ADDRESS =
      "CASE WHEN substr(rtrim(client_address, '0123456789'), -1) = ':'"
          + " THEN substr(client_address, 1, length(rtrim(client_address, '0123456789')) - 1)"
          + " ELSE client_address END";

  private final Connection connection;

  StatsQueries(Connection connection) {
    this.connection = connection;
  }

  RangeStats rangeStats(ExchangeFilter f) throws SQLException {
    String sql =
        "SELECT count(*), coalesce(sum(outcome <> 'ok'), 0), sum(prompt_tokens),"
            + " sum(cached_tokens), sum(completion_tokens), "
            + BOTH_KNOWN
            + ", coalesce(sum(outcome = 'ok' AND usage_reported = 0 AND endpoint IN ("
            + GENERATING
            + ")), 0), min(started_at), max(started_at) FROM exchanges WHERE "
            + f.where();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      f.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long requests = rs.getLong(1);
        long errors = rs.getLong(2);
        Long prompt = longOrNull(rs, 3);
        Long cached = longOrNull(rs, 4);
        Long completion = longOrNull(rs, 5);
        Double hitRate = hitRate(longOrNull(rs, 6), longOrNull(rs, 7));
        long usageMissing = rs.getLong(8);
        Long first = longOrNull(rs, 9);
        Long last = longOrNull(rs, 10);
        SortedValues gen = new SortedValues();
        SortedValues ttft = new SortedValues();
        if (requests > 0) {
          readSpeeds(f, gen, ttft);
        }
        return new RangeStats(
            requests,
            errors,
            prompt,
            cached,
            completion,
            hitRate,
            gen.quantile(0.5),
            gen.quantile(0.9),
            ttft.quantile(0.5),
            usageMissing,
            first,
            last);
      }
    }
  }

  private void readSpeeds(ExchangeFilter f, SortedValues gen, SortedValues ttft)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT gen_tps, ttft_ms FROM exchanges WHERE ("
                + f.where()
                + ") AND (gen_tps IS NOT NULL OR ttft_ms IS NOT NULL)")) {
      f.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double g = rs.getDouble(1);
          if (!rs.wasNull()) {
            gen.add(g);
          }
          double t = rs.getDouble(2);
          if (!rs.wasNull()) {
            ttft.add(t);
          }
        }
      }
    }
  }

  List<ModelStats> modelStats(ExchangeFilter f) throws SQLException {
    Map<String, SortedValues> speeds = new HashMap<>(); // the null model is a key too
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT model, gen_tps FROM exchanges WHERE ("
                + f.where()
                + ") AND gen_tps IS NOT NULL")) {
      f.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          speeds.computeIfAbsent(rs.getString(1), k -> new SortedValues()).add(rs.getDouble(2));
        }
      }
    }
    List<ModelStats> models = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT model, count(*), sum(prompt_tokens), sum(cached_tokens),"
                + " sum(completion_tokens), "
                + BOTH_KNOWN
                + " FROM exchanges WHERE "
                + f.where()
                + " GROUP BY +model ORDER BY count(*) DESC, model")) {
      f.bind(ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String model = rs.getString(1);
          SortedValues s = speeds.get(model);
          models.add(
              new ModelStats(
                  model,
                  rs.getLong(2),
                  longOrNull(rs, 3),
                  longOrNull(rs, 4),
                  longOrNull(rs, 5),
                  s == null ? null : s.quantile(0.5),
                  hitRate(longOrNull(rs, 6), longOrNull(rs, 7))));
        }
      }
    }
    return models;
  }

  List<TimeBucket> timeBuckets(ExchangeFilter f, Duration bucket, int topModels, ZoneOffset zone)
      throws SQLException {
    long width = bucket.toMillis();
    if (width <= 0) {
      throw new IllegalArgumentException("bucket width must be at least 1 ms: " + bucket);
    }
    if (topModels < 0) {
      throw new IllegalArgumentException("topModels must not be negative: " + topModels);
    }
    long offset = zone.getTotalSeconds() * 1000L;
    List<BucketRows.Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT started_at - ((started_at + ?) % ? + ?) % ? AS b, model, count(*),"
                + " sum(prompt_tokens), sum(completion_tokens), sum(gen_tps), count(gen_tps),"
                + " sum(prompt_tps), count(prompt_tps), sum(ttft_ms), count(ttft_ms)"
                + " FROM exchanges WHERE "
                + f.where()
                + " GROUP BY b, +model ORDER BY b")) {
      ps.setLong(1, offset);
      ps.setLong(2, width);
      ps.setLong(3, width);
      ps.setLong(4, width);
      f.bind(ps, 5);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new BucketRows.Row(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getLong(3),
                  longOrNull(rs, 4),
                  longOrNull(rs, 5),
                  rs.getDouble(6),
                  rs.getLong(7),
                  rs.getDouble(8),
                  rs.getLong(9),
                  rs.getDouble(10),
                  rs.getLong(11)));
        }
      }
    }
    return BucketRows.fold(rows, topModels);
  }

  List<ClientStats> clientStats(ExchangeFilter range, Instant todayStart, Instant monthStart)
      throws SQLException {
    String sql =
        "SELECT user_agent, address, credential_fp,"
            + " sum(started_at >= ?) AS dn,"
            + " sum(CASE WHEN started_at >= ? THEN prompt_tokens END),"
            + " sum(CASE WHEN started_at >= ? THEN completion_tokens END),"
            + " sum(started_at >= ?) AS mn,"
            + " sum(CASE WHEN started_at >= ? THEN prompt_tokens END) AS mp,"
            + " sum(CASE WHEN started_at >= ? THEN completion_tokens END) AS mc,"
            + " sum(in_range) AS rn,"
            + " sum(CASE WHEN in_range THEN prompt_tokens END) AS rp,"
            + " sum(CASE WHEN in_range THEN completion_tokens END) AS rc"
            + " FROM (SELECT user_agent, credential_fp, started_at, prompt_tokens,"
            + " completion_tokens, "
            + ADDRESS
            + " AS address, ("
            + range.where()
            + ") AS in_range FROM exchanges WHERE ("
            + range.where()
            + ") OR started_at >= ?)"
            + " GROUP BY user_agent, address, credential_fp"
            + " ORDER BY coalesce(rp, 0) + coalesce(rc, 0) DESC, rn DESC,"
            + " coalesce(mp, 0) + coalesce(mc, 0) DESC, mn DESC, user_agent, address,"
            + " credential_fp";
    long today = todayStart.toEpochMilli();
    long month = monthStart.toEpochMilli();
    List<ClientStats> clients = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int i = 1;
      for (int k = 0; k < 3; k++) {
        ps.setLong(i++, today);
      }
      for (int k = 0; k < 3; k++) {
        ps.setLong(i++, month);
      }
      i = range.bind(ps, i);
      i = range.bind(ps, i);
      ps.setLong(i, Math.min(today, month));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          clients.add(
              new ClientStats(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  usage(rs, 4),
                  usage(rs, 7),
                  usage(rs, 10)));
        }
      }
    }
    return clients;
  }

  private static ClientStats.Usage usage(ResultSet rs, int first) throws SQLException {
    long requests = rs.getLong(first);
    return new ClientStats.Usage(
        requests,
        requests == 0
            ? Long.valueOf(0)
            : plus(longOrNull(rs, first + 1), longOrNull(rs, first + 2)));
  }

  /** The sum of the known values, null when neither is known. */
  static Long plus(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }

  /** Cached ÷ prompt tokens over the rows that reported both; null when none or no prompt. */
  private static Double hitRate(Long prompt, Long cached) {
    if (prompt == null || cached == null || prompt == 0) {
      return null;
    }
    return (double) cached / prompt;
  }

  static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
