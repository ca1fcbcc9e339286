package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream event times in {@code event_times}: recorded, read, pruned, exported, upgraded. */
class EventTimesStoreTest {

  @TempDir Path dir;

  private static Exchange stream(long id, int events) {
    return TestExchanges.withEventTimes(
        TestExchanges.chat(id, T0 + id), TestExchanges.streamTimes(events));
  }

  private static Exchange notStreamed(long id) {
    Exchange e = TestExchanges.chat(id, T0 + id);
    return new Exchange(
        e.id(),
        e.startedAtMs(),
        e.method(),
        e.path(),
        e.query(),
        e.clientAddress(),
        e.upstreamUrl(),
        e.requestHeaders(),
        e.status(),
        e.responseHeaders(),
        false,
        e.requestBytes(),
        e.responseBytes(),
        e.durationMs(),
        e.outcome(),
        e.error(),
        e.metrics(),
        e.requestBody(),
        e.responseBody());
  }

  private static void record(ExchangeStore store, RecorderSettings settings, Exchange... es)
      throws InterruptedException {
    try (Recorder r = store.startRecorder(settings)) {
      for (Exchange e : es) {
        assertThat(r.offer(e)).isTrue();
      }
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.writtenCount()).isEqualTo(es.length);
    }
  }

  private long scalar(Path db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Path db() {
    return dir.resolve(ExchangeStore.DATABASE_FILE);
  }

  @Test
  void theRecorderStoresAStreamsEventTimesWithCapturesOnOrOff() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, RecorderSettings.defaults(), stream(1, 33), notStreamed(2));
      record(
          store,
          RecorderSettings.defaults().withCapture(CapturePolicy.DEFAULT.withCapturesEnabled(false)),
          stream(3, 5),
          TestExchanges.chat(4, T0 + 4)); // streamed, but no event kept: no row
      assertThat(store.eventTimes(1)).contains(TestExchanges.streamTimes(33));
      assertThat(store.eventTimes(2)).isEmpty();
      assertThat(store.capture(3)).isEmpty();
      assertThat(store.eventTimes(3)).contains(TestExchanges.streamTimes(5));
      assertThat(store.eventTimes(4)).isEmpty();
      assertThat(store.eventTimes(99)).isEmpty();
    }
    assertThat(scalar(db(), "SELECT count(*) FROM event_times")).isEqualTo(2);
  }

  @Test
  void aTruncatedStreamIsStoredAsTruncated() throws Exception {
    EventTimes.Builder b = EventTimes.builder();
    for (int i = 0; i <= EventTimes.MAX_EVENTS; i++) {
      b.add(i * 1_000L, true);
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(
          store,
          RecorderSettings.defaults(),
          TestExchanges.withEventTimes(TestExchanges.chat(1, T0), b.build()));
      EventTimes t = store.eventTimes(1).orElseThrow();
      assertThat(t.count()).isEqualTo(100_000);
      assertThat(t.totalCount()).isEqualTo(100_001);
      assertThat(t.truncated()).isTrue();
      assertThat(t.offsetMicros(99_999)).isEqualTo(99_999_000L);
    }
  }

  @Test
  void damagedBytesAreAStoreException() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, RecorderSettings.defaults(), stream(1, 3));
      try (Connection c = TestExchanges.sqlite(dir);
          Statement s = c.createStatement()) {
        s.execute("UPDATE event_times SET times = x'01ffffff' WHERE exchange_id = 1");
      }
      assertThatThrownBy(() -> store.eventTimes(1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("event times of exchange 1")
          .hasMessageContaining("Corrupt event times");
    }
  }

  @Test
  void retentionRemovesThemWithTheirExchangeButNotWithTheirCapture() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, RecorderSettings.defaults(), stream(1, 10), stream(2, 10), stream(3, 10));
      store.prune(new RetentionPolicy(Duration.ZERO, 0, 1)); // captures over 1 byte: all go
      assertThat(store.capture(1)).isEmpty();
      assertThat(scalar(db(), "SELECT count(*) FROM event_times")).isEqualTo(3);
      store.prune(new RetentionPolicy(Duration.ZERO, 1, 0));
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.eventTimes(1)).isEmpty();
      assertThat(store.eventTimes(3)).isPresent();
    }
    assertThat(scalar(db(), "SELECT count(*) FROM event_times")).isEqualTo(1);
  }

  @Test
  void aVersionTwoDatabaseMigratesToThreeKeepingItsRows() throws Exception {
    Files.createDirectories(dir);
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) {
      Migrations.migrate(c, 0, Migrations.ALL.subList(0, 2));
      assertThat(Migrations.userVersion(c)).isEqualTo(2);
      s.execute(
          "INSERT INTO exchanges (id, started_at, method, path, model, streamed, duration_ms,"
              + " request_bytes, response_bytes, outcome, endpoint, usage_reported, event_count)"
              + " VALUES (7, "
              + T0
              + ", 'POST', '/v1/chat/completions', 'tiny', 1, 12.5, 10, 20, 'ok', 'chat', 0, 3)");
      s.execute(
          "INSERT INTO captures (exchange_id, request_headers, response_headers)"
              + " VALUES (7, '[]', '[]')");
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.meta("schema_version")).contains("" + Migrations.LATEST);
      assertThat(store.count()).isEqualTo(1);
      StoredExchange old = store.exchange(7).orElseThrow();
      assertThat(old.model()).isEqualTo("tiny");
      assertThat(old.eventCount()).isEqualTo(3);
      assertThat(store.capture(7)).isPresent();
      assertThat(store.eventTimes(7)).isEmpty(); // never kept before schema 3
      record(store, RecorderSettings.defaults(), stream(8, 4));
      assertThat(store.eventTimes(8)).contains(TestExchanges.streamTimes(4));
    }
    assertThat(scalar(db(), "PRAGMA user_version")).isEqualTo(Migrations.LATEST);
    assertThat(scalar(db(), "SELECT captures FROM capture_totals")).isEqualTo(2);
  }

  @Test
  void aReadOnlyOpenOfAnOlderSchemaHasNoEventTimes() throws Exception {
    Files.createDirectories(dir);
    try (Connection c = TestExchanges.sqlite(dir)) {
      Migrations.migrate(c, 0, Migrations.ALL.subList(0, 2));
    }
    try (ExchangeStore store = ExchangeStore.openReadOnly(db())) {
      assertThat(store.eventTimes(1)).isEmpty();
    }
  }

  @Test
  void aSessionKeepsTheEventTimesOfItsExchangesWithOrWithoutBodies() throws Exception {
    Path data = dir.resolve("data");
    Path session = dir.resolve("s.tokentap");
    Path noBodies = dir.resolve("nobodies.tokentap");
    Path someOnly = dir.resolve("some.tokentap");
    try (ExchangeStore store = ExchangeStore.open(data)) {
      record(store, RecorderSettings.defaults(), stream(1, 33), notStreamed(2), stream(3, 7));
      assertThat(store.writeSession(session, ExchangeFilter.ALL, n -> {})).isEqualTo(3);
      assertThat(store.writeSession(noBodies, ExchangeFilter.ALL, false, n -> {})).isEqualTo(3);
      ExchangeFilter fromTwo = new ExchangeFilter(Instant.ofEpochMilli(T0 + 2), null, null);
      assertThat(store.writeSession(someOnly, fromTwo, n -> {})).isEqualTo(2);
    }
    for (Path p : List.of(session, noBodies)) {
      Path work = Files.createDirectories(dir.resolve("work-" + p.getFileName()));
      try (ExchangeStore s = ExchangeStore.openSession(p, work)) {
        assertThat(s.meta(ExchangeStore.SESSION_FORMAT_KEY))
            .contains(Integer.toString(ExchangeStore.SESSION_FORMAT_VERSION));
        assertThat(s.eventTimes(1)).as(p.toString()).contains(TestExchanges.streamTimes(33));
        assertThat(s.eventTimes(2)).isEmpty();
        assertThat(s.eventTimes(3)).contains(TestExchanges.streamTimes(7));
      }
      assertThat(work).isEmptyDirectory(); // a current session opens as it is
    }
    assertThat(scalar(someOnly, "SELECT count(*) FROM event_times")).isEqualTo(1);
    assertThat(scalar(someOnly, "SELECT exchange_id FROM event_times")).isEqualTo(3);
  }

  @Test
  void aFormatOneSessionOpensUpgradedInACopy() throws Exception {
    Path data = dir.resolve("data");
    Path session = dir.resolve("old.tokentap");
    try (ExchangeStore store = ExchangeStore.open(data)) {
      record(store, RecorderSettings.defaults(), stream(1, 33), notStreamed(2));
      store.writeSession(session, ExchangeFilter.ALL, n -> {});
    }
    SessionUpgradeTest.downgradeToFormatOne(session);
    byte[] before = Files.readAllBytes(session);
    Path work = Files.createDirectories(dir.resolve("work"));
    try (ExchangeStore s = ExchangeStore.openSession(session, work)) {
      assertThat(s.databaseFile()).isNotEqualTo(session.toAbsolutePath());
      assertThat(s.meta(ExchangeStore.SESSION_FORMAT_KEY)).contains("2");
      assertThat(s.meta("schema_version")).contains("" + Migrations.LATEST);
      assertThat(s.count()).isEqualTo(2);
      assertThat(s.capture(1)).isPresent();
      assertThat(s.eventTimes(1)).isEmpty(); // format 1 kept none
    }
    assertThat(Files.readAllBytes(session)).isEqualTo(before);
    // read as it is, without an upgrade (export --from): no event times either
    try (ExchangeStore s = ExchangeStore.openReadOnly(session)) {
      assertThat(s.meta(ExchangeStore.SESSION_FORMAT_KEY)).contains("1");
      assertThat(s.eventTimes(1)).isEmpty();
      List<Long> ids = new ArrayList<>();
      s.forEach(ExchangeFilter.ALL, e -> ids.add(e.id()));
      assertThat(ids).containsExactly(1L, 2L);
      // and a session written from it is of the current format
      Path again = dir.resolve("again.tokentap");
      assertThat(s.writeSession(again, ExchangeFilter.ALL, n -> {})).isEqualTo(2);
      assertThat(scalar(again, "SELECT count(*) FROM event_times")).isZero();
      assertThat(scalar(again, "SELECT value FROM meta WHERE key = 'session_format_version'"))
          .isEqualTo(ExchangeStore.SESSION_FORMAT_VERSION);
    }
  }
}
