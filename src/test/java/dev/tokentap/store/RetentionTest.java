package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Retention on real SQLite files: what goes first, what stays, and the space given back. */
class RetentionTest {

  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;
  private final Random random = new Random(42);

  private Exchange exchange(long id, long startedAt, int bodyBytes) {
    byte[] req = new byte[bodyBytes];
    byte[] res = new byte[bodyBytes];
    random.nextBytes(req); // incompressible: stored size is about the body size
    random.nextBytes(res);
    return TestExchanges.withBodies(TestExchanges.chat(id, startedAt), req, res);
  }

  /** Records {@code n} exchanges an hour apart (ids 1..n) without pruning. */
  private void record(ExchangeStore store, int n, int bodyBytes) throws InterruptedException {
    Recorder r =
        store.startRecorder(RecorderSettings.defaults().withRetention(RetentionPolicy.KEEP_ALL));
    for (int i = 1; i <= n; i++) {
      assertThat(r.offer(exchange(i, T0 + i * HOUR, bodyBytes))).isTrue();
    }
    assertThat(r.flush(Duration.ofSeconds(60))).isTrue();
    r.close();
  }

  private long scalar(String sql) throws SQLException {
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long captureBytesCounted() throws SQLException {
    return scalar(
        "SELECT coalesce(sum("
            + Migrations.CAPTURE_BYTES.formatted("captures")
            + "), 0) FROM captures");
  }

  private List<Long> ids(String sql) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  @Test
  void capturesOverTheCapGoOldestFirstAndTheNewestStay() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 100, 10_000);
      long total = captureBytesCounted();
      assertThat(scalar("SELECT bytes FROM capture_totals")).isEqualTo(total);
      long cap = total / 2;
      PruneResult r = store.prune(new RetentionPolicy(Duration.ZERO, 0, cap));
      assertThat(captureBytesCounted()).isLessThanOrEqualTo(cap).isGreaterThan(cap - 25_000);
      assertThat(scalar("SELECT bytes FROM capture_totals")).isEqualTo(captureBytesCounted());
      List<Long> kept = ids("SELECT exchange_id FROM captures ORDER BY exchange_id");
      assertThat(kept).last().isEqualTo(100L);
      assertThat(kept.getLast() - kept.getFirst() + 1).isEqualTo(kept.size()); // no holes
      assertThat(r.captures()).isEqualTo(100 - kept.size());
      assertThat(r.captureBytes()).isEqualTo(total - captureBytesCounted());
      assertThat(r.exchanges()).isZero();
      assertThat(store.count()).isEqualTo(100); // exchanges stay, only captures go
    }
  }

  @Test
  void ageAndCountLimitsDeleteWholeExchangesWithTheirCaptures() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 100, 100);
      long now = T0 + 100 * HOUR;
      // older than 30 h: exchanges 1..69 (exchange 70 started exactly 30 h ago and stays)
      PruneResult age = store.prune(new RetentionPolicy(Duration.ofHours(30), 0, 0), now);
      assertThat(age.exchanges()).isEqualTo(69);
      assertThat(age.captures()).isEqualTo(69);
      assertThat(ids("SELECT min(id) FROM exchanges")).containsExactly(70L);
      PruneResult count = store.prune(new RetentionPolicy(Duration.ZERO, 10, 0), now);
      assertThat(count.exchanges()).isEqualTo(21);
      assertThat(ids("SELECT id FROM exchanges ORDER BY id"))
          .containsExactly(91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
      assertThat(ids("SELECT exchange_id FROM captures ORDER BY exchange_id"))
          .isEqualTo(ids("SELECT id FROM exchanges ORDER BY id"));
      assertThat(scalar("SELECT captures FROM capture_totals")).isEqualTo(10);
      assertThat(scalar("SELECT bytes FROM capture_totals")).isEqualTo(captureBytesCounted());
    }
  }

  @Test
  void theFileShrinksAfterAPrune() throws Exception {
    Path db = dir.resolve("tokentap.db");
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 300, 25_000);
      PruneResult r = store.prune(new RetentionPolicy(Duration.ZERO, 0, 1 << 20));
      System.out.printf(
          "file %,d -> %,d bytes (db %,d)%n",
          r.fileBytesBefore(), r.fileBytesAfter(), Files.size(db));
      assertThat(r.fileBytesBefore()).isGreaterThan(14_000_000);
      assertThat(r.fileBytesAfter()).isLessThan(3_000_000);
      assertThat(Files.size(db)).isLessThan(3_000_000);
      assertThat(scalar("PRAGMA freelist_count")).isZero();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void pruningOnTheRecorderThreadWhileItWritesLosesNoNewRows() throws Exception {
    long cap = 400_000;
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r =
          store.startRecorder(
              RecorderSettings.defaults()
                  .withMaxBatch(16)
                  .withRetention(new RetentionPolicy(Duration.ZERO, 0, cap))
                  .withPruneEvery(Duration.ZERO));
      int n = 3_000;
      for (int i = 1; i <= n; i++) {
        while (!r.offer(exchange(i, T0 + i, 2_000))) {
          Thread.sleep(1); // the test, not the forwarder, may wait for room
        }
        if (i % 100 == 0) {
          Thread.sleep(2);
        }
      }
      assertThat(r.flush(Duration.ofSeconds(60))).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (scalar("SELECT bytes FROM capture_totals") > cap && System.nanoTime() < deadline) {
        Thread.sleep(20); // the last slice runs after the last batch
      }
      assertThat(r.writtenCount()).isEqualTo(n);
      assertThat(r.failedCount()).isZero();
      assertThat(r.droppedCount()).isZero();
      assertThat(store.count()).isEqualTo(n);
      assertThat(scalar("SELECT bytes FROM capture_totals"))
          .isLessThanOrEqualTo(cap)
          .isEqualTo(captureBytesCounted());
      assertThat(ids("SELECT max(exchange_id) FROM captures")).containsExactly((long) n);
      assertThat(scalar("SELECT count(*) FROM captures")).isLessThan(n / 5);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anExportRunningDuringAPruneCompletesAndSeesOneSnapshot() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 500, 1_000);
      try (ExchangeStore reader = ExchangeStore.openReadOnly(store.databaseFile())) {
        List<Long> seen = new ArrayList<>();
        long[] capturesSeen = {0};
        PruneResult[] pruned = {null};
        long visited =
            reader.forEach(
                dev.tokentap.store.ExchangeFilter.ALL,
                e -> {
                  if (pruned[0] == null) {
                    pruned[0] = store.prune(new RetentionPolicy(Duration.ZERO, 10, 1));
                  }
                  seen.add(e.id());
                  if (reader.capture(e.id()).isPresent()) {
                    capturesSeen[0]++;
                  }
                });
        assertThat(pruned[0].exchanges()).isEqualTo(490);
        assertThat(visited).isEqualTo(500);
        assertThat(seen).hasSize(500).doesNotHaveDuplicates();
        assertThat(seen.getLast()).isEqualTo(500L);
        assertThat(capturesSeen[0]).isEqualTo(500); // the snapshot still has every capture
        assertThat(reader.count()).isEqualTo(10); // a new read sees the prune
      }
      assertThat(store.count()).isEqualTo(10);
      assertThat(scalar("SELECT count(*) FROM captures")).isZero();
    }
  }

  @Test
  void migrationFromVersion1KeepsEveryRowAndSwitchesToIncrementalVacuum() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 200, 5_000);
    }
    long captureBytes = captureBytesCounted();
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) { // make it a version 1 file, as released
      s.execute("DROP TABLE rollups");
      s.execute("DROP TABLE client_rollups");
      dev.tokentap.testing.SyntheticStore.undoSchemasAfterFour(s);
      s.execute("DROP TABLE event_times");
      s.execute("DROP TRIGGER capture_totals_insert");
      s.execute("DROP TRIGGER capture_totals_delete");
      s.execute("DROP TRIGGER capture_totals_update");
      s.execute("DROP TABLE capture_totals");
      s.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
      s.execute("PRAGMA user_version = 1");
      s.execute("PRAGMA auto_vacuum = NONE");
      s.execute("VACUUM");
    }
    assertThat(scalar("PRAGMA auto_vacuum")).isZero();
    long t0 = System.nanoTime();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      System.out.printf(
          "migration 1 -> 2 of a %,d byte file took %d ms%n",
          Files.size(store.databaseFile()), (System.nanoTime() - t0) / 1_000_000);
      assertThat(store.count()).isEqualTo(200);
      assertThat(store.capture(1)).isPresent();
      assertThat(store.capture(200)).isPresent();
    }
    assertThat(scalar("PRAGMA user_version")).isEqualTo(Migrations.LATEST);
    assertThat(scalar("PRAGMA auto_vacuum")).isEqualTo(2);
    assertThat(scalar("SELECT count(*) FROM event_times")).isZero();
    assertThat(scalar("SELECT count(*) FROM captures")).isEqualTo(200);
    assertThat(scalar("SELECT captures FROM capture_totals")).isEqualTo(200);
    assertThat(scalar("SELECT bytes FROM capture_totals")).isEqualTo(captureBytes);
  }

  @Test
  void theCaptureTotalIsOneRowReadEvenAtOneHundredThousandCaptures() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, 1, 10);
    }
    try (Connection c = TestExchanges.sqlite(dir)) {
      c.setAutoCommit(false);
      try (PreparedStatement ex =
              c.prepareStatement(
                  "INSERT INTO exchanges (id, started_at, method, path, streamed, duration_ms,"
                      + " request_bytes, response_bytes, outcome, endpoint, usage_reported)"
                      + " VALUES (?, ?, 'POST', '/v1/chat/completions', 0, 1, 0, 0, 'ok', 'chat',"
                      + " 0)");
          PreparedStatement cap =
              c.prepareStatement(
                  "INSERT INTO captures (exchange_id, request_headers, response_headers,"
                      + " request_body, response_body) VALUES (?, '[]', '[]', ?, ?)")) {
        byte[] body = new byte[300];
        for (int i = 2; i <= 100_001; i++) {
          ex.setLong(1, i);
          ex.setLong(2, T0 + i);
          ex.executeUpdate();
          cap.setLong(1, i);
          cap.setBytes(2, body);
          cap.setBytes(3, body);
          cap.executeUpdate();
        }
      }
      c.commit();
    }
    long t0 = System.nanoTime();
    long total = scalar("SELECT bytes FROM capture_totals");
    long t1 = System.nanoTime();
    long summed = captureBytesCounted();
    long t2 = System.nanoTime();
    System.out.printf(
        "100,001 captures: running total %d us, SUM() over the table %d us%n",
        (t1 - t0) / 1000, (t2 - t1) / 1000);
    assertThat(total).isEqualTo(summed);
    assertThat(scalar("SELECT captures FROM capture_totals")).isEqualTo(100_001);
  }
}
