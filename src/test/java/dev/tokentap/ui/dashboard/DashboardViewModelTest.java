package dev.tokentap.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.tokentap.store.ClientStats;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeOrder;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.ModelStats;
import dev.tokentap.store.RangeStats;
import dev.tokentap.store.StoredBatch;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.store.TimeBucket;
import dev.tokentap.testing.SyntheticStore;
import dev.tokentap.ui.activity.LiveEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's model on a real SQLite history (1,000 exchanges, one a second from {@link
 * SyntheticStore#T0}), no toolkit: reads run on the calling thread or when the test says so.
 */
class DashboardViewModelTest {

  private static final int ROWS = 1_000;
  private static final long NOW = SyntheticStore.T0 + ROWS * 1000L + 1; // just after the last row

  private final AtomicLong clock = new AtomicLong(NOW);
  private final List<Runnable> fxQueue = new ArrayList<>();
  private final List<Runnable> workerQueue = new ArrayList<>();
  private boolean workerInline = true;
  private Path dir;
  private Path db;
  private ExchangeStore store;
  private DashboardViewModel vm;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    this.dir = dir;
    db = SyntheticStore.create(dir, ROWS);
    open();
  }

  private void open() {
    store = ExchangeStore.openReadOnly(db);
    vm =
        new DashboardViewModel(
            store,
            task -> {
              if (workerInline) {
                task.run();
              } else {
                workerQueue.add(task);
              }
            },
            fxQueue::add,
            clock::get,
            ZoneOffset.UTC);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private void runFx() {
    while (!fxQueue.isEmpty()) {
      fxQueue.removeFirst().run();
    }
  }

  private void runWorker() {
    while (!workerQueue.isEmpty()) {
      workerQueue.removeFirst().run();
    }
    runFx();
  }

  private static long promptSum(int from, int to) {
    long sum = 0;
    for (int i = from; i <= to; i++) {
      sum += 30 + i % 7;
    }
    return sum;
  }

  private static long cachedSum(int from, int to) {
    long sum = 0;
    for (int i = from; i <= to; i++) {
      sum += i % 5;
    }
    return sum;
  }

  @Test
  void theTilesShowExactFiguresForTheRange() {
    vm.rangeProperty().set(DashboardRange.ALL);
    vm.start();
    runFx();
    RangeStats s = vm.statsProperty().get();
    assertThat(s.requests()).isEqualTo(ROWS);
    assertThat(s.errors()).isZero();
    assertThat(s.promptTokens()).isEqualTo(promptSum(1, ROWS));
    assertThat(s.cachedTokens()).isEqualTo(cachedSum(1, ROWS));
    assertThat(s.completionTokens()).isEqualTo(32L * ROWS);
    assertThat(s.cacheHitRate())
        .isCloseTo((double) cachedSum(1, ROWS) / promptSum(1, ROWS), within(1e-12));
    // from the rollups' distributions: within their stated error of the exact figures
    assertThat(s.medianGenTps()).isCloseTo(55.125, withinPercentage(1));
    assertThat(s.p90GenTps()).isCloseTo(55.125, withinPercentage(1));
    // odd ids 1..999: 12.5 + 499 and 12.5 + 501
    assertThat(s.medianTtftMs()).isCloseTo(512.5, withinPercentage(1));
    assertThat(s.usageMissing()).isZero();

    List<SummaryTile> tiles = SummaryTile.of(s);
    assertThat(tiles)
        .extracting(SummaryTile::id, SummaryTile::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple("requests", "1,000"),
            org.assertj.core.groups.Tuple.tuple("generated-tokens", "32,000"),
            // 55.125 as read back from its bucket (±1 %)
            org.assertj.core.groups.Tuple.tuple("median-gen-tps", "55.2"),
            org.assertj.core.groups.Tuple.tuple("median-ttft", "513 ms"),
            org.assertj.core.groups.Tuple.tuple("usage-missing", "0"));
    assertThat(tiles).noneMatch(SummaryTile::flagged);
    assertThat(SummaryTile.of(null)).allMatch(t -> t.value().equals("—"));

    assertThat(vm.modelsProperty().get())
        .extracting(ModelStats::model, ModelStats::requests)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("tiny", 500L),
            org.assertj.core.groups.Tuple.tuple("big", 500L));
    List<ClientStats> clients = vm.clientsProperty().get();
    assertThat(clients).hasSize(1);
    long tokens = promptSum(1, ROWS) + 32L * ROWS;
    assertThat(clients.getFirst().range()).isEqualTo(new ClientStats.Usage(ROWS, tokens));
    assertThat(clients.getFirst().today()).isEqualTo(new ClientStats.Usage(ROWS, tokens));
    assertThat(clients.getFirst().month()).isEqualTo(new ClientStats.Usage(ROWS, tokens));
  }

  @Test
  void switchingTheRangeReadsItsExchangesOnly() {
    vm.start();
    runFx();
    assertThat(vm.rangeProperty().get()).isEqualTo(DashboardRange.DAY);
    assertThat(vm.statsProperty().get().requests()).isEqualTo(ROWS);

    vm.rangeProperty().set(DashboardRange.LIVE_5_MIN);
    runFx();
    // since NOW - 5 min = T0 + 700,001 ms: ids 701..1000
    RangeStats s = vm.statsProperty().get();
    assertThat(s.requests()).isEqualTo(300);
    assertThat(s.promptTokens()).isEqualTo(promptSum(701, ROWS));
    assertThat(s.firstStartedAt()).isEqualTo(SyntheticStore.T0 + 701_000);
    assertThat(vm.clientsProperty().get().getFirst().range().requests()).isEqualTo(300);
    assertThat(vm.clientsProperty().get().getFirst().today().requests()).isEqualTo(ROWS);

    DashboardCharts c = vm.chartsProperty().get();
    assertThat(c.width()).isEqualTo(Duration.ofSeconds(2));
    // the axis fits the data: from the 2 s bucket of the range's first exchange
    assertThat(c.from()).isBetween(s.firstStartedAt() - 1_999, s.firstStartedAt());
    assertThat(c.until()).isEqualTo(NOW);
    assertThat(c.genTps()).hasSizeBetween(150, 151).allMatch(p -> p.value() == 55.125);
    assertThat(c.promptTps()).allMatch(p -> Math.abs(p.value() - 1234.5678) < 1e-9);
    assertThat(c.tokensPerMinute())
        .extracting(DashboardCharts.Series::name)
        .containsExactlyInAnyOrder("tiny", "big");
    double tokensPlotted =
        c.tokensPerMinute().stream()
            .flatMap(x -> x.points().stream())
            .mapToDouble(DashboardCharts.Point::value)
            .sum();
    assertThat(tokensPlotted * 2 / 60.0).isCloseTo(promptSum(701, ROWS) + 32.0 * 300, within(1e-6));

    vm.rangeProperty().set(DashboardRange.HOUR);
    runFx();
    assertThat(vm.statsProperty().get().requests()).isEqualTo(ROWS);
    // the hour plots minutes (60 points, from the minute rollups), not 30 s of rows
    assertThat(vm.chartsProperty().get().width()).isEqualTo(Duration.ofMinutes(1));

    vm.filterProperty().set(ExchangeFilter.ALL.withModel("tiny"));
    runFx();
    assertThat(vm.statsProperty().get().requests()).isEqualTo(ROWS / 2);
    assertThat(vm.snapshotProperty().get().range()).isEqualTo(DashboardRange.HOUR);
    assertThat(vm.chartsProperty().get().tokensPerMinute())
        .extracting(DashboardCharts.Series::name)
        .containsExactly("tiny");
    assertThat(vm.refreshes()).isEqualTo(4);
  }

  @Test
  void aThousandStoredEventsInABurstCauseACoupleOfReads() {
    vm.start();
    runFx();
    assertThat(vm.refreshes()).isEqualTo(1);
    List<StoredExchange> rows = store.page(ExchangeFilter.ALL, ExchangeOrder.NEWEST_FIRST, 0, 1);
    for (int i = 0; i < 1_000; i++) {
      clock.addAndGet(1); // a burst over one second, one batch per exchange (worst case)
      vm.apply(List.of(new LiveEvent.Stored(new StoredBatch(1, rows))));
      runFx();
    }
    clock.addAndGet(1_000);
    vm.tick();
    runFx();
    vm.tick();
    runFx();
    assertThat(vm.refreshes()).isBetween(2L, 3L);
  }

  @Test
  void aRefreshAskedForWhileOneRunsWaitsAndRunsOnceAtTheEnd() {
    workerInline = false;
    vm.start();
    List<StoredExchange> rows = store.page(ExchangeFilter.ALL, ExchangeOrder.NEWEST_FIRST, 0, 1);
    for (int i = 0; i < 1_000; i++) {
      clock.addAndGet(10); // ten seconds of traffic while the first read is still running
      vm.apply(List.of(new LiveEvent.Stored(new StoredBatch(1, rows))));
      vm.tick();
    }
    assertThat(vm.refreshes()).isEqualTo(1);
    assertThat(vm.refreshingProperty().get()).isTrue();
    runWorker(); // the first read ends; the rows stored meanwhile are read once more
    assertThat(vm.refreshes()).isEqualTo(2);
    runWorker();
    assertThat(vm.refreshes()).isEqualTo(2);
    assertThat(vm.refreshingProperty().get()).isFalse();
    assertThat(vm.statsProperty().get().requests()).isEqualTo(ROWS);
  }

  @Test
  void aRangeChosenWhileAReadRunsIsWhatIsShown() {
    workerInline = false;
    vm.start();
    vm.rangeProperty().set(DashboardRange.LIVE_5_MIN);
    vm.rangeProperty().set(DashboardRange.ALL);
    vm.rangeProperty().set(DashboardRange.LIVE_5_MIN);
    runWorker(); // the DAY read ends and is dropped: one read of the range now chosen follows
    assertThat(vm.statsProperty().get()).isNull();
    runWorker();
    assertThat(vm.refreshes()).isEqualTo(2);
    assertThat(vm.snapshotProperty().get().range()).isEqualTo(DashboardRange.LIVE_5_MIN);
    assertThat(vm.statsProperty().get().requests()).isEqualTo(300);
  }

  @Test
  void theLiveRangeSlidesWithTheClock() {
    vm.rangeProperty().set(DashboardRange.LIVE_5_MIN);
    vm.start();
    runFx();
    assertThat(vm.statsProperty().get().requests()).isEqualTo(300);
    clock.addAndGet(4_000);
    vm.tick();
    runFx();
    assertThat(vm.refreshes()).isEqualTo(1); // not due yet
    clock.addAndGet(1_000);
    vm.tick();
    runFx();
    assertThat(vm.refreshes()).isEqualTo(2);
    assertThat(vm.statsProperty().get().requests()).isEqualTo(295);

    vm.rangeProperty().set(DashboardRange.ALL);
    runFx();
    clock.addAndGet(60_000);
    vm.tick();
    runFx();
    assertThat(vm.refreshes()).isEqualTo(3); // the whole history does not slide
  }

  @Test
  void successfulGenerationsWithoutUsageAreCountedAndFlagged() throws Exception {
    store.close();
    SyntheticStore.beforeRollups(dir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,"
              + " duration_ms, request_bytes, response_bytes, outcome, endpoint, usage_reported)"
              + " VALUES (1001, "
              + (NOW - 1)
              + ", 'POST', '/v1/chat/completions', 'tiny', 200, 0, 5, 1, 1, 'ok', 'chat', 0)");
    }
    ExchangeStore.open(dir).close();
    open();
    vm.rangeProperty().set(DashboardRange.LIVE_5_MIN);
    vm.start();
    runFx();
    RangeStats s = vm.statsProperty().get();
    assertThat(s.requests()).isEqualTo(301);
    assertThat(s.usageMissing()).isEqualTo(1);
    assertThat(s.promptTokens()).isEqualTo(promptSum(701, ROWS)); // not a made-up zero added
    SummaryTile tile =
        SummaryTile.of(s).stream().filter(t -> t.id().equals("usage-missing")).findFirst().get();
    assertThat(tile.value()).isEqualTo("1");
    assertThat(tile.flagged()).isTrue();
  }

  @Test
  void aTextFilterReadsRowsAndSaysSo() {
    vm.rangeProperty().set(DashboardRange.ALL);
    vm.start();
    runFx();
    RangeStats fromRollups = vm.statsProperty().get();
    assertThat(vm.snapshotProperty().get().fromRollups()).isTrue();
    assertThat(vm.noteProperty().get()).isNull();

    vm.filterProperty().set(ExchangeFilter.ALL.withText("POST")); // every row's method
    runFx();
    assertThat(vm.snapshotProperty().get().fromRollups()).isFalse();
    assertThat(vm.noteProperty().get()).isEqualTo(DashboardViewModel.FROM_ROWS);
    assertThat(vm.statsProperty().get()).isEqualTo(fromRollups); // the same figures, from rows

    vm.filterProperty().set(ExchangeFilter.ALL);
    runFx();
    assertThat(vm.noteProperty().get()).isNull();
  }

  @Test
  void anEmptyRangeHasNothingToPlot() {
    vm.filterProperty().set(ExchangeFilter.ALL.withModel("nobody"));
    vm.start();
    runFx();
    assertThat(vm.statsProperty().get().requests()).isZero();
    assertThat(vm.chartsProperty().get().isEmpty()).isTrue();
    assertThat(SummaryTile.of(vm.statsProperty().get()))
        .filteredOn(t -> t.id().equals("median-gen-tps"))
        .extracting(SummaryTile::value)
        .containsExactly("—");
  }

  @Test
  void bucketsWithoutTrafficAreZerosInTheStackedSeries() {
    List<TimeBucket> buckets =
        List.of(
            new TimeBucket(
                60_000,
                1,
                10.0,
                null,
                null,
                List.of(new TimeBucket.ModelTokens("a", false, 1, 50L, 10L))),
            new TimeBucket(
                240_000,
                2,
                null,
                100.0,
                null,
                List.of(new TimeBucket.ModelTokens("a", false, 2, null, 30L))));
    DashboardCharts c =
        DashboardReader.plot(
            buckets, Duration.ofMinutes(1), 0, 300_000, DashboardCharts.Sample.NONE);
    assertThat(c.tokensPerMinute()).hasSize(1);
    assertThat(c.tokensPerMinute().getFirst().points())
        .containsExactly(
            new DashboardCharts.Point(60_000, 60),
            new DashboardCharts.Point(120_000, 0),
            new DashboardCharts.Point(180_000, 0),
            new DashboardCharts.Point(240_000, 30));
    assertThat(c.genTps()).containsExactly(new DashboardCharts.Point(60_000, 10));
    assertThat(c.promptTps()).containsExactly(new DashboardCharts.Point(240_000, 100));
    assertThat(c.ttftMs()).isEmpty();
  }
}
