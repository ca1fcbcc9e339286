package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Endpoint;
import dev.tokentap.store.ExchangeOrder;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredBatch;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity table's model on a real SQLite history, with reads run on the calling thread (no
 * toolkit needed): paging, filtering, sorting and rows arriving on top.
 */
class ActivityViewModelTest {

  private static final int ROWS = 1_000;
  private ExchangeStore store;
  private ActivityViewModel vm;
  private final List<Runnable> fxQueue = new ArrayList<>();

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    SyntheticStore.create(dir, ROWS);
    store = ExchangeStore.open(dir);
    vm = new ActivityViewModel(store, Runnable::run, fxQueue::add, () -> SyntheticStore.T0);
    vm.start();
    runFx();
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

  private ActivityRow row(int i) {
    vm.rows().get(i);
    runFx();
    return vm.rows().get(i).row();
  }

  @Test
  void pagesTheHistoryNewestFirstHoldingOnlyWhatWasShown() {
    assertThat(vm.rows()).hasSize(ROWS);
    assertThat(row(0).id()).isEqualTo(ROWS);
    assertThat(row(1).id()).isEqualTo(ROWS - 1);
    assertThat(row(ROWS - 1).id()).isEqualTo(1);
    assertThat(row(500).id()).isEqualTo(ROWS - 500);
    assertThat(vm.statusProperty().get()).isEqualTo("1,000 exchanges");
  }

  @Test
  void aStandInIsShownUntilItsPageArrives() {
    ActivityItem item = vm.rows().get(300);
    assertThat(item.row().isLoading()).isTrue();
    runFx();
    assertThat(item.row().id()).isEqualTo(ROWS - 300);
  }

  @Test
  void filtersInSqlite() {
    vm.modelProperty().set("tiny");
    runFx();
    assertThat(vm.rows()).hasSize(ROWS / 2);
    assertThat(row(0).model()).isEqualTo("tiny");

    vm.modelProperty().set(null);
    vm.textProperty().set("BIG");
    runFx();
    assertThat(vm.rows()).hasSize(ROWS / 2);
    assertThat(row(3).model()).isEqualTo("big");

    vm.textProperty().set("");
    vm.errorsOnlyProperty().set(true);
    runFx();
    assertThat(vm.rows()).isEmpty();

    vm.errorsOnlyProperty().set(false);
    vm.endpointProperty().set(Endpoint.EMBEDDINGS);
    runFx();
    assertThat(vm.rows()).isEmpty();
  }

  @Test
  void sortsInSqliteUnknownValuesLast() {
    vm.sort(new ExchangeOrder("ttft_ms", false));
    runFx();
    assertThat(row(0).ttftMs()).isEqualTo(13.5); // id 1
    assertThat(row(ROWS / 2 - 1).ttftMs()).isNotNull();
    assertThat(row(ROWS / 2).ttftMs()).isNull();
  }

  @Test
  void aStoredRowTakenByItsBodiesOnlyShowsWhileTheTableIsFiltered() throws Exception {
    vm.textProperty().set("kumquat");
    runFx();
    assertThat(vm.rows()).isEmpty();
    StoredExchange plain = copyOf(row0(), ROWS + 1, SyntheticStore.T0 + (ROWS + 1) * 1000L);
    vm.apply(List.of(record(plain, 1)));
    runFx();
    assertThat(vm.rows()).isEmpty(); // neither its columns nor its bodies hold the word
    StoredExchange asked = copyOf(row0(), ROWS + 2, SyntheticStore.T0 + (ROWS + 2) * 1000L);
    LiveEvent stored = record(asked, 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.databaseFile());
        Statement st = c.createStatement()) { // its capture's text, as the recorder indexes it
      st.executeUpdate(
          "INSERT INTO capture_text (rowid, request, response) VALUES ("
              + asked.id()
              + ", 'Is a kumquat a citrus fruit?', 'Yes.')");
    }
    vm.apply(List.of(stored));
    runFx();
    assertThat(vm.rows()).hasSize(1);
    assertThat(row(0).id()).isEqualTo(ROWS + 2);
  }

  private ActivityRow row0Held;

  /** The newest row of the unfiltered table (read once). */
  private ActivityRow row0() {
    if (row0Held == null) {
      row0Held = store.recent(1).stream().map(ActivityRow::of).findFirst().orElseThrow();
    }
    return row0Held;
  }

  @Test
  void storedRowsArriveOnTopAndKeepTheLinesBelowInPlace() {
    ActivityItem formerFirst = vm.rows().get(0);
    runFx();
    StoredExchange newer = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + (ROWS + 1) * 1000L);
    vm.apply(List.of(record(newer, 1)));
    assertThat(vm.rows()).hasSize(ROWS + 1);
    assertThat(vm.rows().get(0).row().id()).isEqualTo(ROWS + 1);
    assertThat(vm.rows().get(1)).isSameAs(formerFirst);
    assertThat(vm.statusProperty().get()).isEqualTo("1,001 exchanges");
  }

  @Test
  void aPageReadWhileRowsArrivedIsReadAgain() throws Exception {
    StoredExchange newer = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + (ROWS + 1) * 1000L);
    List<Runnable> worker = new ArrayList<>();
    vm = new ActivityViewModel(store, worker::add, fxQueue::add, () -> SyntheticStore.T0);
    Runnable drain =
        () -> {
          while (!worker.isEmpty()) {
            worker.removeFirst().run();
            runFx();
          }
        };
    vm.start();
    worker.removeFirst().run();
    runFx();
    ActivityItem first = vm.rows().get(0); // asks for page 0
    LiveEvent stored = record(newer, 1); // committed before the page is read: the read sees it
    worker.removeFirst().run();
    runFx();
    assertThat(first.row().isLoading()).as("a page holding unannounced rows waits").isTrue();
    vm.apply(List.of(stored));
    drain.run();
    vm.rows().get(0);
    vm.rows().get(2);
    drain.run();
    assertThat(vm.rows()).hasSize(ROWS + 1);
    assertThat(row(0).id()).isEqualTo(ROWS + 1);
    assertThat(row(1).id()).isEqualTo(ROWS);
    assertThat(row(2).id()).isEqualTo(ROWS - 1);
  }

  @Test
  void aCountThatAlreadyHoldsABatchDoesNotCountItTwice() {
    StoredExchange newer = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + (ROWS + 1) * 1000L);
    LiveEvent stored = record(newer, 1); // committed, announced only after the next count
    vm.errorsOnlyProperty().set(true);
    vm.errorsOnlyProperty().set(false);
    runFx();
    assertThat(vm.rows()).hasSize(ROWS + 1);
    vm.apply(List.of(stored));
    assertThat(vm.rows()).hasSize(ROWS + 1);
    assertThat(row(0).id()).isEqualTo(ROWS + 1);
    assertThat(row(1).id()).isEqualTo(ROWS);
    assertThat(vm.statusProperty().get()).isEqualTo("1,001 exchanges");
  }

  @Test
  void aLongStreamStoredAfterNewerRowsTakesItsPlaceByStartTime() {
    // started between exchanges 500 and 501, stored after all of them
    StoredExchange older = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + 500_500L);
    vm.apply(List.of(record(older, 1)));
    runFx();
    assertThat(vm.rows()).hasSize(ROWS + 1);
    assertThat(row(0).id()).isEqualTo(ROWS);
    assertThat(row(499).id()).isEqualTo(501);
    assertThat(row(500).id()).isEqualTo(ROWS + 1);
    assertThat(row(501).id()).isEqualTo(500);
  }

  @Test
  void aStreamEndingAfterNewerRowsIsPlacedAmongTheHeldRowsWithoutReadingAgain() {
    ActivityItem tenth = vm.rows().get(10);
    runFx();
    // started between exchanges 990 and 991, stored after them
    StoredExchange older = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + 990_500L);
    vm.apply(List.of(record(older, 1)));
    assertThat(fxQueue).as("no read").isEmpty();
    assertThat(vm.rows()).hasSize(ROWS + 1);
    assertThat(vm.rows().get(9).row().id()).isEqualTo(991);
    assertThat(vm.rows().get(10).row().id()).isEqualTo(ROWS + 1);
    assertThat(vm.rows().get(11)).isSameAs(tenth);
  }

  @Test
  void oneBatchOfRowsBelongingAtDifferentPlacesIsPlacedInOnePass() {
    ActivityItem tenth = vm.rows().get(10);
    runFx();
    StoredExchange newest = copyOf(row(0), ROWS + 1, SyntheticStore.T0 + (ROWS + 1) * 1000L);
    StoredExchange older = copyOf(row(0), ROWS + 2, SyntheticStore.T0 + 990_500L);
    record(newest, 1);
    LiveEvent both = record(older, 1);
    vm.apply(List.of(new LiveEvent.Stored(new StoredBatch(1, List.of(older, newest)))));
    assertThat(both).isNotNull();
    assertThat(fxQueue).as("no read").isEmpty();
    assertThat(vm.rows()).hasSize(ROWS + 2);
    assertThat(vm.rows().get(0).row().id()).isEqualTo(ROWS + 1);
    assertThat(vm.rows().get(1).row().id()).isEqualTo(ROWS);
    assertThat(vm.rows().get(10).row().id()).isEqualTo(991);
    assertThat(vm.rows().get(11).row().id()).isEqualTo(ROWS + 2);
    assertThat(vm.rows().get(12)).isSameAs(tenth);
  }

  /** Writes {@code x} into the store as recorder batch {@code seq} would; returns its event. */
  private LiveEvent record(StoredExchange x, long seq) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.databaseFile());
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,"
              + " duration_ms, request_bytes, response_bytes, outcome, endpoint, usage_reported)"
              + " VALUES ("
              + x.id()
              + ", "
              + x.startedAt()
              + ", 'POST', '/v1/chat/completions', 'tiny', 200, 0, 1, 1, 1, 'ok', 'chat', 1)");
      st.executeUpdate("INSERT OR REPLACE INTO meta VALUES ('batch_seq', '" + seq + "')");
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    return new LiveEvent.Stored(new StoredBatch(seq, List.of(x)));
  }

  private static StoredExchange copyOf(ActivityRow r, long id, long startedAt) {
    return new StoredExchange(
        id,
        startedAt,
        r.method(),
        r.path(),
        r.model(),
        r.status(),
        r.streamed(),
        r.ttftMs(),
        r.durationMs(),
        r.promptTokens(),
        r.cachedTokens(),
        r.completionTokens(),
        r.promptTps(),
        r.genTps(),
        r.requestBytes(),
        r.responseBytes(),
        r.outcome(),
        r.error(),
        null,
        r.endpoint(),
        null,
        null,
        null,
        true,
        "127.0.0.1:5000",
        "test",
        null,
        "http://127.0.0.1:8080");
  }
}
