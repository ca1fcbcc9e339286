package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.testing.RandomMetrics;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollups against the rows they sum up: exchanges recorded through the real recorder over three
 * days (several models, clients and outcomes, values missing at random), then every aggregate read
 * from rollups compared with the same read from the rows (a free-text filter that takes every row
 * makes the store read rows), and with figures computed here from the exchanges themselves.
 */
class RollupsTest {

  private static final long MINUTE = 60_000;
  private static final long DAY = 1440 * MINUTE;
  private static final int N = 3_000;
  private static final String[] MODELS = {"qwen3-8b", "gemma-3-12b", null};
  private static final String[] AGENTS = {"opencode/0.9", "curl/8.14", null};
  private static final String[] ADDRESSES = {"127.0.0.1:5000", "192.168.1.20:41000"};

  @TempDir Path dir;
  private final List<Exchange> recorded = new ArrayList<>();

  @BeforeEach
  void record() throws Exception {
    Random r = new Random(7);
    for (int i = 1; i <= N; i++) {
      recorded.add(exchange(i, T0 + (long) (r.nextDouble() * 3 * DAY), r));
    }
    try (ExchangeStore store = ExchangeStore.open(dir);
        Recorder rec = store.startRecorder(RecorderSettings.defaults())) {
      for (Exchange e : recorded) {
        assertThat(rec.offer(e)).isTrue();
      }
      assertThat(rec.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(rec.writtenCount()).isEqualTo(N);
    }
  }

  private static Exchange exchange(long id, long startedAt, Random r) {
    boolean failed = r.nextInt(20) == 0;
    ExchangeMetrics m = RandomMetrics.draw(r, MODELS);
    String agent = AGENTS[r.nextInt(AGENTS.length)];
    Exchange e = TestExchanges.chat(id, startedAt, m);
    return new Exchange(
        e.id(),
        e.startedAtMs(),
        e.method(),
        e.path(),
        e.query(),
        ADDRESSES[r.nextInt(ADDRESSES.length)],
        e.upstreamUrl(),
        agent == null ? List.of() : List.of(new Header("User-Agent", agent)),
        failed ? 502 : 200,
        e.responseHeaders(),
        e.streamed(),
        e.requestBytes(),
        e.responseBytes(),
        1 + r.nextDouble() * 30_000,
        failed ? Outcome.UPSTREAM_ERROR : Outcome.OK,
        failed ? "upstream answered 502" : null,
        m,
        e.requestBody(),
        e.responseBody());
  }

  /** Ranges that start and end inside minutes, on whole minutes, hours and days, and open ones. */
  private static List<ExchangeFilter> ranges() {
    Random r = new Random(11);
    List<ExchangeFilter> out = new ArrayList<>();
    out.add(ExchangeFilter.ALL);
    out.add(new ExchangeFilter(Instant.ofEpochMilli(T0 + DAY), null, null));
    out.add(new ExchangeFilter(null, Instant.ofEpochMilli(T0 + DAY + 60 * MINUTE), null));
    for (int i = 0; i < 12; i++) {
      long a = T0 - DAY / 2 + (long) (r.nextDouble() * 4 * DAY);
      long b = a + (long) (r.nextDouble() * 2 * DAY);
      out.add(new ExchangeFilter(Instant.ofEpochMilli(a), Instant.ofEpochMilli(b), null));
    }
    List<ExchangeFilter> filtered = new ArrayList<>(out);
    for (ExchangeFilter f : out.subList(0, 6)) {
      filtered.add(f.withModel("gemma-3-12b"));
      filtered.add(f.withErrorsOnly(true));
      filtered.add(f.withEndpoint(dev.tokentap.model.Endpoint.CHAT_COMPLETIONS));
    }
    return filtered;
  }

  /** Every recorded exchange's method is POST: this text takes them all, from the rows. */
  private static ExchangeFilter fromRows(ExchangeFilter f) {
    return f.withText("post");
  }

  @Test
  void everyAggregateFromRollupsEqualsTheSameReadFromTheRows() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      for (ExchangeFilter f : ranges()) {
        assertThat(store.readsRollups(f)).isTrue();
        assertThat(store.readsRollups(fromRows(f))).isFalse();
        RangeStats rolled = store.rangeStats(f);
        RangeStats rows = store.rangeStats(fromRows(f));
        assertThat(rolled).as("%s", f).isEqualTo(rows);
        assertThat(store.modelStats(f)).as("%s", f).isEqualTo(store.modelStats(fromRows(f)));
        Instant today = Instant.ofEpochMilli(T0 + 2 * DAY + 7 * MINUTE + 1234);
        Instant month = Instant.ofEpochMilli(T0 + 13 * MINUTE);
        assertThat(store.clientStats(f, today, month))
            .as("%s", f)
            .isEqualTo(store.clientStats(fromRows(f), today, month));
        for (Duration width : List.of(Duration.ofMinutes(10), Duration.ofHours(6))) {
          for (ZoneOffset zone : List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30))) {
            assertSameBuckets(
                store.timeBuckets(f, width, 2, zone),
                store.timeBuckets(fromRows(f), width, 2, zone));
          }
        }
      }
    }
  }

  /** Equal buckets; means may differ in the last bits (summed in another order). */
  private static void assertSameBuckets(List<TimeBucket> a, List<TimeBucket> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      TimeBucket x = a.get(i);
      TimeBucket y = b.get(i);
      assertThat(x.start()).isEqualTo(y.start());
      assertThat(x.requests()).isEqualTo(y.requests());
      assertThat(x.models()).isEqualTo(y.models());
      assertClose(x.meanGenTps(), y.meanGenTps());
      assertClose(x.meanPromptTps(), y.meanPromptTps());
      assertClose(x.meanTtftMs(), y.meanTtftMs());
    }
  }

  private static void assertClose(Double a, Double b) {
    if (a == null || b == null) {
      assertThat(a).isEqualTo(b);
    } else {
      assertThat(a).isCloseTo(b, within(1e-9 * Math.max(1, Math.abs(b))));
    }
  }

  @Test
  void sumsAreExactAndMediansWithinOnePercentOfTheExchanges() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      for (ExchangeFilter f : ranges()) {
        List<StoredExchange> taken = new ArrayList<>();
        store.forEach(f, taken::add);
        RangeStats s = store.rangeStats(f);
        assertThat(s.requests()).isEqualTo(taken.size());
        assertThat(s.errors())
            .isEqualTo(taken.stream().filter(x -> x.outcome() != Outcome.OK).count());
        assertThat(s.promptTokens())
            .isEqualTo(sum(taken.stream().map(StoredExchange::promptTokens).toList()));
        assertThat(s.completionTokens())
            .isEqualTo(sum(taken.stream().map(StoredExchange::completionTokens).toList()));
        assertWithinOnePercent(
            s.medianGenTps(), exact(taken.stream().map(StoredExchange::genTps).toList(), 0.5));
        assertWithinOnePercent(
            s.p90GenTps(), exact(taken.stream().map(StoredExchange::genTps).toList(), 0.9));
        assertWithinOnePercent(
            s.medianTtftMs(), exact(taken.stream().map(StoredExchange::ttftMs).toList(), 0.5));
      }
    }
  }

  private static Long sum(List<Long> values) {
    Long total = null;
    for (Long v : values) {
      total = Rollup.plus(total, v);
    }
    return total;
  }

  /** The type 7 quantile of the known values, as the dashboard defines it; null when none. */
  private static Double exact(List<Double> values, double p) {
    double[] v =
        values.stream().filter(x -> x != null).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return null;
    }
    double rank = p * (v.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (rank - lo) * (v[hi] - v[lo]);
  }

  private static void assertWithinOnePercent(Double actual, Double exact) {
    if (exact == null) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).isCloseTo(exact, within(Distribution.RELATIVE_ERROR * exact + 1e-12));
    }
  }

  @Test
  void theMigrationBuildsWhatTheRecorderWrote() throws Exception {
    List<String> written = rollupRows();
    assertThat(written).hasSizeGreaterThan(2);
    SyntheticStore.beforeRollups(dir); // keeps the rows, drops the rollups
    assertThat(rollupRows()).containsExactly("rollups", "client_rollups");
    List<String> lines = new ArrayList<>();
    ExchangeStore.open(dir, lines::add).close(); // migrates: sums the rows up again
    assertThat(rollupRows()).isEqualTo(written);
    assertThat(lines).isEmpty(); // a history this small is summed up without a word
  }

  /**
   * A distribution as text: count, quantiles (from its buckets) and sum; the sum to 9 digits, as
   * the recorder adds each batch to what is stored and the migration adds row by row, and
   * floating-point sums in another order differ in the last bits.
   */
  private static String distribution(byte[] bytes) {
    Distribution d = Distribution.decode(bytes);
    return String.format(
        java.util.Locale.ROOT,
        "n=%d q=%s/%s/%s/%s sum=%.9g",
        d.count(),
        d.quantile(0),
        d.quantile(0.25),
        d.quantile(0.5),
        d.quantile(1),
        d.sum());
  }

  /** Every row of both rollup tables as text (distributions as figures), in key order. */
  private List<String> rollupRows() throws Exception {
    List<String> rows = new ArrayList<>();
    for (RollupTable t : RollupTable.values()) {
      rows.add(t.table);
      rows.addAll(rollupRows(t.table));
    }
    return rows;
  }

  private List<String> rollupRows(String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) {
      if (!Migrations.hasTable(c, "main", table)) {
        return rows;
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT * FROM "
                  + table
                  + " ORDER BY "
                  + RollupWriter.KEY_COLUMNS
                      .replace("model", "coalesce(model, '')")
                      .replace("user_agent", "coalesce(user_agent, '')"))) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder b = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            Object v = rs.getObject(i);
            b.append(v instanceof byte[] bytes ? distribution(bytes) : String.valueOf(v))
                .append('|');
          }
          rows.add(b.toString());
        }
      }
    }
    return rows;
  }

  @Test
  void pruningRowsKeepsTheirRollups() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      RangeStats before = store.rangeStats(ExchangeFilter.ALL);
      List<ModelStats> models = store.modelStats(ExchangeFilter.ALL);
      PruneResult pruned = store.prune(new RetentionPolicy(Duration.ofDays(1), 0, 0), T0 + 3 * DAY);
      assertThat(pruned.exchanges()).isGreaterThan(N / 2);
      assertThat(store.count()).isLessThan(N / 2);
      assertThat(store.rangeStats(ExchangeFilter.ALL)).isEqualTo(before);
      assertThat(store.modelStats(ExchangeFilter.ALL)).isEqualTo(models);
    }
  }

  @Test
  void aSummaryAgeLimitDeletesTheSummariesOfOlderPeriodsOnly() throws Exception {
    long now = T0 + 3 * DAY;
    ExchangeFilter lastDay = new ExchangeFilter(Instant.ofEpochMilli(now - DAY), null, null);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      RangeStats before = store.rangeStats(lastDay);
      PruneResult pruned =
          store.prune(
              new RetentionPolicy(Duration.ZERO, 0, 0, Duration.ofDays(1).plusMinutes(1)), now);
      assertThat(pruned.summaries()).isPositive();
      assertThat(pruned.exchanges()).isZero();
      assertThat(store.count()).isEqualTo(N); // the rows stay
      assertThat(store.rangeStats(lastDay)).isEqualTo(before);
    }
    for (RollupTable t : RollupTable.values()) {
      try (Connection c = TestExchanges.sqlite(dir);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM "
                      + t.table
                      + " WHERE start + level * 60000 <= "
                      + (now - DAY - MINUTE))) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @Test
  void aSessionFileCarriesTheRollupsOfWhatItHolds() {
    Path session = dir.resolve("part.tokentap");
    ExchangeFilter secondDay =
        new ExchangeFilter(
            Instant.ofEpochMilli(T0 + DAY + 17 * MINUTE + 5),
            Instant.ofEpochMilli(T0 + 2 * DAY),
            null);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      store.writeSession(session, secondDay, n -> {});
      RangeStats expected = store.rangeStats(secondDay);
      try (ExchangeStore s = ExchangeStore.openReadOnly(session)) {
        assertThat(s.readsRollups(ExchangeFilter.ALL)).isTrue();
        assertThat(s.rangeStats(ExchangeFilter.ALL)).isEqualTo(expected);
        assertThat(s.rangeStats(fromRows(ExchangeFilter.ALL))).isEqualTo(expected);
      }
    }
  }
}
