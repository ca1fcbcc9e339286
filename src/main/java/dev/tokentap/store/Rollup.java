package dev.tokentap.store;

import dev.tokentap.model.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * What a set of exchanges adds up to: counts, token sums and the distributions of speeds and times.
 * Made from exchanges ({@link #add}), merged with others ({@link #merge}), and stored as the
 * measure columns of a {@code rollups} row. Sums are of the known values only: a sum is null when
 * no exchange reported the value, never a made-up zero. Mutable; one thread.
 */
final class Rollup {

  /** The measure columns of {@code rollups}, in {@link #read} and {@link #bind} order. */
  static final String COLUMNS =
      "requests, prompt_tokens, cached_tokens, completion_tokens, prompt_both, cached_both,"
          + " usage_missing, gen_tps, prompt_tps, ttft_ms, duration_ms, first_at, last_at";

  /**
   * As {@link #COLUMNS}, summed over the rows of a {@code GROUP BY}, the distributions left out
   * (NULL): what a read that needs only counts and sums asks for. A sum of NULLs stays NULL.
   */
  static final String SUMS_WITHOUT_DISTRIBUTIONS =
      "sum(requests), sum(prompt_tokens), sum(cached_tokens), sum(completion_tokens),"
          + " sum(prompt_both), sum(cached_both), sum(usage_missing), NULL, NULL, NULL, NULL,"
          + " min(first_at), max(last_at)";

  static final int COLUMN_COUNT = 13;

  long requests;
  Long promptTokens;
  Long cachedTokens;
  Long completionTokens;

  /** Prompt tokens of the exchanges that reported cached tokens too (the hit rate's base). */
  Long promptBoth;

  /** Cached tokens of the exchanges that reported prompt tokens too. */
  Long cachedBoth;

  /** Successful exchanges of generating endpoints whose server reported no usage. */
  long usageMissing;

  final Distribution genTps;
  final Distribution promptTps;
  final Distribution ttftMs;
  final Distribution durationMs;
  long firstAt = Long.MAX_VALUE;
  long lastAt = Long.MIN_VALUE;

  Rollup() {
    this(new Distribution(), new Distribution(), new Distribution(), new Distribution());
  }

  private Rollup(Distribution gen, Distribution prompt, Distribution ttft, Distribution duration) {
    this.genTps = gen;
    this.promptTps = prompt;
    this.ttftMs = ttft;
    this.durationMs = duration;
  }

  /** Adds one exchange. */
  void add(StoredExchange x) {
    requests++;
    promptTokens = plus(promptTokens, x.promptTokens());
    cachedTokens = plus(cachedTokens, x.cachedTokens());
    completionTokens = plus(completionTokens, x.completionTokens());
    if (x.promptTokens() != null && x.cachedTokens() != null) {
      promptBoth = plus(promptBoth, x.promptTokens());
      cachedBoth = plus(cachedBoth, x.cachedTokens());
    }
    if (x.outcome() == Outcome.OK && !x.usageReported() && x.endpoint().generates()) {
      usageMissing++;
    }
    genTps.add(x.genTps());
    promptTps.add(x.promptTps());
    ttftMs.add(x.ttftMs());
    durationMs.add(x.durationMs());
    firstAt = Math.min(firstAt, x.startedAt());
    lastAt = Math.max(lastAt, x.startedAt());
  }

  /** Adds everything {@code o} holds. */
  void merge(Rollup o) {
    requests += o.requests;
    promptTokens = plus(promptTokens, o.promptTokens);
    cachedTokens = plus(cachedTokens, o.cachedTokens);
    completionTokens = plus(completionTokens, o.completionTokens);
    promptBoth = plus(promptBoth, o.promptBoth);
    cachedBoth = plus(cachedBoth, o.cachedBoth);
    usageMissing += o.usageMissing;
    genTps.merge(o.genTps);
    promptTps.merge(o.promptTps);
    ttftMs.merge(o.ttftMs);
    durationMs.merge(o.durationMs);
    firstAt = Math.min(firstAt, o.firstAt);
    lastAt = Math.max(lastAt, o.lastAt);
  }

  /** Cached ÷ prompt tokens over the exchanges that reported both; null when none or no prompt. */
  Double cacheHitRate() {
    if (promptBoth == null || cachedBoth == null || promptBoth == 0) {
      return null;
    }
    return (double) cachedBoth / promptBoth;
  }

  /** Prompt plus completion tokens (the known ones); 0 when empty, null when none is known. */
  Long tokens() {
    if (requests == 0) {
      return 0L;
    }
    return plus(promptTokens, completionTokens);
  }

  /** Reads the measure columns from {@code first} (as selected by {@link #COLUMNS}). */
  static Rollup read(ResultSet rs, int first) throws SQLException {
    int i = first;
    Rollup r =
        new Rollup(
            Distribution.decode(rs.getBytes(i + 7)),
            Distribution.decode(rs.getBytes(i + 8)),
            Distribution.decode(rs.getBytes(i + 9)),
            Distribution.decode(rs.getBytes(i + 10)));
    r.requests = rs.getLong(i++);
    r.promptTokens = StatsQueries.longOrNull(rs, i++);
    r.cachedTokens = StatsQueries.longOrNull(rs, i++);
    r.completionTokens = StatsQueries.longOrNull(rs, i++);
    r.promptBoth = StatsQueries.longOrNull(rs, i++);
    r.cachedBoth = StatsQueries.longOrNull(rs, i++);
    r.usageMissing = rs.getLong(i);
    r.firstAt = rs.getLong(first + 11);
    r.lastAt = rs.getLong(first + 12);
    return r;
  }

  /** Binds the measure columns from {@code first}; returns the next index. */
  int bind(PreparedStatement ps, int first) throws SQLException {
    int i = first;
    ps.setLong(i++, requests);
    setLong(ps, i++, promptTokens);
    setLong(ps, i++, cachedTokens);
    setLong(ps, i++, completionTokens);
    setLong(ps, i++, promptBoth);
    setLong(ps, i++, cachedBoth);
    ps.setLong(i++, usageMissing);
    ps.setBytes(i++, genTps.encode());
    ps.setBytes(i++, promptTps.encode());
    ps.setBytes(i++, ttftMs.encode());
    ps.setBytes(i++, durationMs.encode());
    ps.setLong(i++, firstAt);
    ps.setLong(i++, lastAt);
    return i;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  /** The sum of the known values, null when neither is known. */
  static Long plus(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }
}
