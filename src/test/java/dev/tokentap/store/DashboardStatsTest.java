package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's queries on a small hand-built history, unknown values included. */
class DashboardStatsTest {

  @TempDir Path dir;

  private static final long S = 1000;

  /** One exchanges row; null is a NULL column (not reported). */
  private record Row(
      long id,
      long startedAt,
      String model,
      String outcome,
      String endpoint,
      Long prompt,
      Long cached,
      Long completion,
      Double promptTps,
      Double genTps,
      Double ttftMs,
      boolean usageReported,
      String clientAddress,
      String userAgent,
      String credentialFp) {}

  private static final List<Row> HISTORY =
      List.of(
          new Row(
              1,
              T0,
              "a",
              "ok",
              "chat",
              100L,
              50L,
              10L,
              1000.0,
              10.0,
              100.0,
              true,
              "127.0.0.1:5001",
              "ua1",
              "fp1"),
          new Row(
              2,
              T0 + 30 * S,
              "a",
              "ok",
              "chat",
              200L,
              null,
              20L,
              null,
              20.0,
              null,
              true,
              "127.0.0.1:5002",
              "ua1",
              "fp1"),
          // a success whose server reported nothing: usageMissing, not zero tokens
          new Row(
              3,
              T0 + 61 * S,
              "b",
              "ok",
              "chat",
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              "10.0.0.2:6000",
              "ua2",
              null),
          // an error without usage: an error, not usageMissing
          new Row(
              4,
              T0 + 90 * S,
              "b",
              "upstream_error",
              "chat",
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              "10.0.0.2:6001",
              "ua2",
              null),
          // embeddings do not generate: no usage there is not flagged
          new Row(
              5,
              T0 + 120 * S,
              null,
              "ok",
              "embeddings",
              8L,
              null,
              null,
              null,
              null,
              null,
              false,
              "0:0:0:0:0:0:0:1:7000",
              "ua1",
              "fp2"),
          new Row(
              6,
              T0 + 150 * S,
              "c",
              "ok",
              "chat",
              1000L,
              900L,
              100L,
              2000.0,
              30.0,
              300.0,
              true,
              "127.0.0.1:5003",
              "ua1",
              "fp1"),
          new Row(
              7,
              T0 + 3600 * S,
              "c",
              "client_aborted",
              "chat",
              50L,
              0L,
              5L,
              null,
              40.0,
              200.0,
              true,
              "127.0.0.1:5004",
              "ua1",
              "fp1"));

  /** Medians come from the rollups' distributions: within ±1 % of the exact figures. */
  private static final Comparator<Double> WITHIN_ONE_PERCENT =
      (a, b) -> Math.abs(a - b) <= 0.01 * Math.abs(b) ? 0 : Double.compare(a, b);

  private static final RecursiveComparisonConfiguration ONE_PERCENT =
      RecursiveComparisonConfiguration.builder()
          .withComparatorForType(WITHIN_ONE_PERCENT, Double.class)
          .withIgnoredFields("genTps") // the spread: checked on its own
          .build();

  private static final ExchangeFilter MIDDLE =
      new ExchangeFilter(
          Instant.ofEpochMilli(T0 + 60 * S), Instant.ofEpochMilli(T0 + 3600 * S), null);

  @BeforeEach
  void fill() throws Exception {
    for (Row r : HISTORY) {
      insert(r);
    }
  }

  /** Inserts {@code r} by plain SQL, then has the store sum it up as it does an older history. */
  private void insert(Row r) throws Exception {
    SyntheticStore.beforeRollups(dir);
    try (Connection c = TestExchanges.sqlite(dir);
        PreparedStatement ps =
            c.prepareStatement(
                """
                INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,
                  ttft_ms, duration_ms, prompt_tokens, cached_tokens, completion_tokens,
                  prompt_tps, gen_tps, request_bytes, response_bytes, outcome, endpoint,
                  usage_reported, client_address, user_agent, credential_fp)
                VALUES (?, ?, 'POST', '/v1/x', ?, 200, 0, ?, 10, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?,
                  ?, ?, ?)""")) {
      ps.setLong(1, r.id());
      ps.setLong(2, r.startedAt());
      ps.setObject(3, r.model());
      ps.setObject(4, r.ttftMs());
      ps.setObject(5, r.prompt());
      ps.setObject(6, r.cached());
      ps.setObject(7, r.completion());
      ps.setObject(8, r.promptTps());
      ps.setObject(9, r.genTps());
      ps.setString(10, r.outcome());
      ps.setString(11, r.endpoint());
      ps.setInt(12, r.usageReported() ? 1 : 0);
      ps.setObject(13, r.clientAddress());
      ps.setObject(14, r.userAgent());
      ps.setObject(15, r.credentialFp());
      ps.executeUpdate();
    }
    ExchangeStore.open(dir).close();
  }

  @Test
  void rangeStatsOfTheWholeHistory() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      RangeStats s = store.rangeStats(ExchangeFilter.ALL);
      assertThat(s.requests()).isEqualTo(7);
      assertThat(s.errors()).isEqualTo(2);
      assertThat(s.promptTokens()).isEqualTo(1358);
      assertThat(s.cachedTokens()).isEqualTo(950);
      assertThat(s.completionTokens()).isEqualTo(135);
      // rows 1, 6, 7 reported both: (50 + 900 + 0) / (100 + 1000 + 50)
      assertThat(s.cacheHitRate()).isCloseTo(950.0 / 1150, within(1e-12));
      // from the rollups' distributions, within their ±1 % of the exact figures
      assertThat(s.medianGenTps()).isCloseTo(25.0, withinPercentage(1)); // of 10, 20, 30, 40
      // rank 2.7: 30 + 0.7 * 10
      assertThat(s.p90GenTps()).isCloseTo(37.0, withinPercentage(1));
      assertThat(s.medianTtftMs()).isCloseTo(200.0, withinPercentage(1)); // of 100, 300, 200
      assertThat(s.usageMissing()).isEqualTo(1);
      assertThat(s.firstStartedAt()).isEqualTo(T0);
      assertThat(s.lastStartedAt()).isEqualTo(T0 + 3600 * S);
    }
  }

  @Test
  void rangeStatsOfATimeRange() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.rangeStats(MIDDLE))
          .usingRecursiveComparison()
          .withComparatorForType(WITHIN_ONE_PERCENT, Double.class)
          .isEqualTo(
              new RangeStats(
                  4, 1, 1008L, 900L, 100L, 0.9, 30.0, 30.0, 300.0, 1, T0 + 61 * S, T0 + 150 * S));
    }
  }

  @Test
  void unknownValuesStayUnknown() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      // only rows 3 and 4: nothing reported, so every figure is null rather than 0
      ExchangeFilter onlyB = new ExchangeFilter(null, null, "b");
      assertThat(store.rangeStats(onlyB))
          .isEqualTo(
              new RangeStats(
                  2, 1, null, null, null, null, null, null, null, 1, T0 + 61 * S, T0 + 90 * S));
      ExchangeFilter empty = new ExchangeFilter(Instant.ofEpochMilli(T0 + 99_999 * S), null, null);
      assertThat(store.rangeStats(empty))
          .isEqualTo(new RangeStats(0, 0, null, null, null, null, null, null, null, 0, null, null));
      assertThat(store.modelStats(empty)).isEmpty();
      assertThat(store.timeBuckets(empty, Duration.ofMinutes(1), 3)).isEmpty();
      assertThat(
              store.clientStats(
                  empty,
                  Instant.ofEpochMilli(T0 + 99_999 * S),
                  Instant.ofEpochMilli(T0 + 99_999 * S)))
          .isEmpty();
    }
  }

  @Test
  void modelStatsPerModelWithTheNullModelAsOneRow() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.modelStats(ExchangeFilter.ALL))
          .usingRecursiveFieldByFieldElementComparator(ONE_PERCENT)
          .containsExactly(
              new ModelStats("a", 2, 300L, 50L, 30L, 15.0, 0.5),
              new ModelStats("b", 2, null, null, null, null, null),
              new ModelStats("c", 2, 1050L, 900L, 105L, 35.0, 900.0 / 1050),
              new ModelStats(null, 1, 8L, null, null, null, null));
      assertThat(store.modelStats(MIDDLE))
          .usingRecursiveFieldByFieldElementComparator(ONE_PERCENT)
          .containsExactly(
              new ModelStats("b", 2, null, null, null, null, null),
              new ModelStats(null, 1, 8L, null, null, null, null),
              new ModelStats("c", 1, 1000L, 900L, 100L, 30.0, 0.9));
      // the spread of c's two speeds (30 and 40 tok/s, median 35), each within 1 %
      ValueHistogram c = store.modelStats(ExchangeFilter.ALL).get(2).genTps();
      assertThat(c.count()).isEqualTo(2);
      assertThat(c.counts(new double[] {0, 29, 31, 39, 41, 100})).containsExactly(0, 1, 0, 1, 0);
      assertThat(store.modelStats(ExchangeFilter.ALL).get(1).genTps().count()).isZero();
    }
  }

  @Test
  void summaryUsesTheSameFigures() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      SessionSummary s = store.summary();
      assertThat(s.exchanges()).isEqualTo(7);
      assertThat(s.errors()).isEqualTo(2);
      assertThat(s.firstStartedAt()).isEqualTo(T0);
      assertThat(s.lastStartedAt()).isEqualTo(T0 + 3600 * S);
      assertThat(s.models())
          .usingRecursiveFieldByFieldElementComparator(ONE_PERCENT)
          .containsExactly(
              new SessionSummary.Model("a", 2, 300L, 50L, 30L, 15.0),
              new SessionSummary.Model("b", 2, null, null, null, null),
              new SessionSummary.Model("c", 2, 1050L, 900L, 105L, 35.0),
              new SessionSummary.Model(null, 1, 8L, null, null, null));
    }
  }

  private static TimeBucket.ModelTokens series(
      String model, long requests, Long prompt, Long completion) {
    return new TimeBucket.ModelTokens(model, false, requests, prompt, completion);
  }

  private static TimeBucket.ModelTokens other(long requests, Long prompt, Long completion) {
    return new TimeBucket.ModelTokens(TimeBucket.OTHER, true, requests, prompt, completion);
  }

  @Test
  void timeBucketsAlignedWithTheTopModelAndTheRestFolded() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      // tokens over the range: c 1155, a 330, no model 8, b none: c keeps its name
      assertThat(store.timeBuckets(ExchangeFilter.ALL, Duration.ofMinutes(1), 1))
          .containsExactly(
              new TimeBucket(
                  T0, 2, 15.0, 1000.0, 100.0, List.of(series("c", 0, 0L, 0L), other(2, 300L, 30L))),
              new TimeBucket(
                  T0 + 60 * S,
                  2,
                  null,
                  null,
                  null,
                  List.of(series("c", 0, 0L, 0L), other(2, null, null))),
              new TimeBucket(
                  T0 + 120 * S,
                  2,
                  30.0,
                  2000.0,
                  300.0,
                  List.of(series("c", 1, 1000L, 100L), other(1, 8L, null))),
              new TimeBucket(
                  T0 + 3600 * S,
                  1,
                  40.0,
                  null,
                  200.0,
                  List.of(series("c", 1, 50L, 5L), other(0, 0L, 0L))));
    }
  }

  @Test
  void timeBucketsWithRoomForEveryModelHaveNoOther() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      List<TimeBucket> buckets = store.timeBuckets(ExchangeFilter.ALL, Duration.ofHours(2), 5);
      assertThat(buckets).hasSize(1);
      TimeBucket b = buckets.getFirst();
      assertThat(b.start()).isEqualTo(T0);
      assertThat(b.requests()).isEqualTo(7);
      assertThat(b.meanGenTps()).isEqualTo(25.0);
      assertThat(b.meanTtftMs()).isEqualTo(200.0);
      assertThat(b.models())
          .containsExactly(
              series("c", 2, 1050L, 105L),
              series("a", 2, 300L, 30L),
              series(null, 1, 8L, null),
              series("b", 2, null, null));
      assertThat(b.models().get(2).tokens()).isEqualTo(8);
      assertThat(b.models().get(3).tokens()).isNull();
      assertThat(store.timeBuckets(ExchangeFilter.ALL, Duration.ofHours(2), 0).getFirst().models())
          .containsExactly(other(7, 1358L, 135L));
    }
  }

  @Test
  void bucketsAlignToTheWidthAndTheZone() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      for (TimeBucket b : store.timeBuckets(ExchangeFilter.ALL, Duration.ofSeconds(45), 2)) {
        assertThat(b.start() % 45_000).isZero();
      }
      assertThat(store.timeBuckets(ExchangeFilter.ALL, Duration.ofSeconds(45), 2))
          .extracting(TimeBucket::start)
          .containsExactly(T0, T0 + 45 * S, T0 + 90 * S, T0 + 135 * S, T0 + 3600 * S);
      // T0 is midnight UTC, 01:00 at +01:00: that day started an hour before T0
      assertThat(
              store.timeBuckets(ExchangeFilter.ALL, Duration.ofDays(1), 2, ZoneOffset.ofHours(1)))
          .extracting(TimeBucket::start, TimeBucket::requests)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(T0 - 3600 * S, 7L));
      assertThatThrownBy(() -> store.timeBuckets(ExchangeFilter.ALL, Duration.ZERO, 2))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void widthForAChartOfAtMost200Buckets() {
    Instant t = Instant.ofEpochMilli(T0);
    assertThat(TimeBucket.widthFor(t, t)).isEqualTo(Duration.ofSeconds(1));
    assertThat(TimeBucket.widthFor(t, t.plusSeconds(199))).isEqualTo(Duration.ofSeconds(1));
    assertThat(TimeBucket.widthFor(t, t.plus(Duration.ofHours(1))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(TimeBucket.widthFor(t, t.plus(Duration.ofDays(1))))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(TimeBucket.widthFor(t, t.plus(Duration.ofDays(30)))).isEqualTo(Duration.ofHours(6));
    assertThat(TimeBucket.widthFor(t, t.plus(Duration.ofDays(36_500))))
        .isEqualTo(Duration.ofDays(28));
  }

  @Test
  void clientsByAgentAddressAndKeyForTodayMonthAndRange() throws Exception {
    // ten days before the month: in no window unless the range takes it
    insert(
        new Row(
            8,
            T0 - 864_000 * S,
            "a",
            "ok",
            "chat",
            5L,
            null,
            5L,
            null,
            null,
            null,
            true,
            null,
            null,
            null));
    Instant today = Instant.ofEpochMilli(T0 + 120 * S);
    Instant month = Instant.ofEpochMilli(T0);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.clientStats(MIDDLE, today, month))
          .containsExactly(
              new ClientStats(
                  "ua1",
                  "127.0.0.1",
                  "fp1",
                  new ClientStats.Usage(2, 1155L),
                  new ClientStats.Usage(4, 1485L),
                  new ClientStats.Usage(1, 1100L)),
              new ClientStats(
                  "ua1",
                  "0:0:0:0:0:0:0:1",
                  "fp2",
                  new ClientStats.Usage(1, 8L),
                  new ClientStats.Usage(1, 8L),
                  new ClientStats.Usage(1, 8L)),
              new ClientStats(
                  "ua2",
                  "10.0.0.2",
                  null,
                  new ClientStats.Usage(0, 0L),
                  new ClientStats.Usage(2, null),
                  new ClientStats.Usage(2, null)));
      assertThat(store.clientStats(ExchangeFilter.ALL, today, month))
          .hasSize(4)
          .contains(
              new ClientStats(
                  null,
                  null,
                  null,
                  new ClientStats.Usage(0, 0L),
                  new ClientStats.Usage(0, 0L),
                  new ClientStats.Usage(1, 10L)));
    }
  }
}
