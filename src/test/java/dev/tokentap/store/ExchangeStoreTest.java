package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeStoreTest {

  @TempDir Path dir;

  @Test
  void roundTripOfAnExchangeWithAllFields() throws Exception {
    byte[] response = "{\"choices\":[{\"text\":\"a lighthouse\"}],\"usage\":{}}".getBytes(UTF_8);
    Exchange e =
        new Exchange(
            7,
            T0 + 123,
            "POST",
            "/v1/chat/completions",
            "stream=true&api_key=abc",
            "127.0.0.1:50123",
            "http://127.0.0.1:8080",
            List.of(
                new Header("Content-Type", "application/json"),
                new Header("authorization", "Bearer local-key-1"),
                new Header("User-Agent", "openai-python/1.0")),
            200,
            List.of(new Header("Content-Encoding", "gzip"), new Header("X-Req", "1")),
            true,
            40,
            999,
            1234.5,
            Outcome.CLIENT_ABORTED,
            "client went away",
            TestExchanges.FULL_METRICS,
            new dev.tokentap.model.CapturedBody(
                "{\"password\":\"pw\",\"n\":1}".getBytes(UTF_8), 23, false),
            new dev.tokentap.model.CapturedBody(gzip(response), 999, false));

    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      assertThat(r.offer(e)).isTrue();
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      StoredExchange x = store.exchange(7).orElseThrow();
      assertThat(x)
          .isEqualTo(
              new StoredExchange(
                  7,
                  T0 + 123,
                  "POST",
                  "/v1/chat/completions",
                  "tiny-7b",
                  200,
                  true,
                  88.0,
                  1234.5,
                  120L,
                  100L,
                  32L,
                  850.5,
                  42.25,
                  40,
                  999,
                  Outcome.CLIENT_ABORTED,
                  "client went away",
                  "stream=true&api_key=[REDACTED]",
                  Endpoint.CHAT_COMPLETIONS,
                  "stop",
                  12.5,
                  33,
                  true,
                  "127.0.0.1:50123",
                  "openai-python/1.0",
                  x.credentialFp(),
                  "http://127.0.0.1:8080"));
      assertThat(x.credentialFp()).matches("[0-9a-f]{12}");

      Capture c = store.capture(7).orElseThrow();
      assertThat(new String(c.request().bytes(), UTF_8))
          .isEqualTo("{\"password\":\"[REDACTED]\",\"n\":1}");
      assertThat(c.response().bytes()).isEqualTo(response);
      assertThat(c.response().decoded()).isTrue();
      assertThat(c.response().wireEncoding()).isEqualTo("gzip");
      assertThat(c.response().originalSize()).isEqualTo(response.length);
      assertThat(c.requestHeaders())
          .containsExactly(
              new Header("Content-Type", "application/json"),
              new Header("authorization", "[REDACTED]"),
              new Header("User-Agent", "openai-python/1.0"));
      assertThat(c.redactions()).isEqualTo(3); // query, Authorization, password
    }
    try (Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT request_headers, started_at, streamed, outcome, typeof(started_at)"
                    + " FROM captures JOIN exchanges ON id = exchange_id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .isEqualTo(
              "[[\"Content-Type\",\"application/json\"],[\"authorization\",\"[REDACTED]\"],"
                  + "[\"User-Agent\",\"openai-python/1.0\"]]");
      assertThat(rs.getLong(2)).isEqualTo(T0 + 123);
      assertThat(rs.getInt(3)).isEqualTo(1);
      assertThat(rs.getString(4)).isEqualTo("client_aborted");
      assertThat(rs.getString(5)).isEqualTo("integer");
    }
  }

  @Test
  void unknownMetricsStayNull() throws Exception {
    Exchange e = TestExchanges.chat(1, T0, ExchangeMetrics.EMPTY);
    Exchange noStatus =
        new Exchange(
            2,
            T0,
            "GET",
            "/x",
            null,
            null,
            null,
            List.of(),
            0,
            List.of(),
            false,
            0,
            0,
            5.0,
            Outcome.UPSTREAM_UNAVAILABLE,
            "connection refused",
            ExchangeMetrics.EMPTY,
            null,
            null);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      r.offer(e);
      r.offer(noStatus);
      r.flush(Duration.ofSeconds(30));
      StoredExchange x = store.exchange(1).orElseThrow();
      assertThat(x.promptTokens()).isNull();
      assertThat(x.ttftMs()).isNull();
      assertThat(x.genTps()).isNull();
      assertThat(x.eventCount()).isNull();
      assertThat(x.model()).isNull();
      assertThat(store.exchange(2).orElseThrow().status()).isNull();
    }
    try (Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM exchanges WHERE model IS NULL AND ttft_ms IS NULL AND"
                    + " prompt_tokens IS NULL AND cached_tokens IS NULL AND completion_tokens IS"
                    + " NULL AND prompt_tps IS NULL AND gen_tps IS NULL AND finish_reason IS NULL"
                    + " AND max_gap_ms IS NULL AND event_count IS NULL AND usage_reported = 0")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void historySurvivesRestartsAndIdsKeepIncreasing() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.maxId()).isZero();
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      for (int i = 1; i <= 5; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
    } // close drains
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.count()).isEqualTo(5);
      assertThat(store.maxId()).isEqualTo(5);
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      r.offer(TestExchanges.chat(store.maxId() + 1, T0 + 10));
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.recent(10))
          .extracting(StoredExchange::id)
          .containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
      assertThat(store.capture(6)).isPresent();
    }
  }

  @Test
  void pagesWalkNewestFirstWithoutGapsOrRepeats() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      for (int i = 1; i <= 25; i++) {
        r.offer(TestExchanges.chat(i, T0 + (i / 3) * 1000)); // runs of equal started_at
      }
      r.flush(Duration.ofSeconds(30));
      List<Long> seen = new ArrayList<>();
      List<StoredExchange> page = store.recent(10);
      while (!page.isEmpty()) {
        page.forEach(x -> seen.add(x.id()));
        StoredExchange last = page.getLast();
        page = store.before(last.startedAt(), last.id(), 10);
      }
      List<Long> expected = new ArrayList<>();
      for (long i = 25; i >= 1; i--) {
        expected.add(i);
      }
      assertThat(seen).isEqualTo(expected);
    }
  }

  @Test
  void capturesOffWritesMetricsRowsOnly() throws Exception {
    List<StoredBatch> batches = new CopyOnWriteArrayList<>();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r =
          store.startRecorder(
              RecorderSettings.defaults()
                  .withCapture(CapturePolicy.DEFAULT.withCapturesEnabled(false))
                  .withOnBatch(batches::add));
      r.offer(TestExchanges.chat(1, T0));
      r.flush(Duration.ofSeconds(30));
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.capture(1)).isEmpty();
      assertThat(batches).hasSize(1);
      assertThat(batches.getFirst().rows()).extracting(StoredExchange::id).containsExactly(1L);
    }
  }

  @Test
  void batchesAreNumberedInTheirTransactionAndReadsSayWhichTheyHold() throws Exception {
    List<StoredBatch> batches = new CopyOnWriteArrayList<>();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.countSnapshot(ExchangeFilter.ALL)).isEqualTo(new Snapshot<>(0L, 0));
      Recorder r = store.startRecorder(RecorderSettings.defaults().withOnBatch(batches::add));
      r.offer(TestExchanges.chat(1, T0));
      r.flush(Duration.ofSeconds(30));
      r.offer(TestExchanges.chat(2, T0 + 1));
      r.flush(Duration.ofSeconds(30));
      assertThat(batches).extracting(StoredBatch::seq).containsExactly(1L, 2L);
      assertThat(store.countSnapshot(ExchangeFilter.ALL)).isEqualTo(new Snapshot<>(2L, 2));
      assertThat(
              store.pageSnapshot(ExchangeFilter.ALL, ExchangeOrder.NEWEST_FIRST, 0, 10).batchSeq())
          .isEqualTo(2);
    }
    batches.clear();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults().withOnBatch(batches::add));
      r.offer(TestExchanges.chat(3, T0 + 2));
      r.flush(Duration.ofSeconds(30));
      assertThat(batches).extracting(StoredBatch::seq).containsExactly(3L);
    }
  }

  @Test
  void schemaAndSettingsAreAsDocumented() throws SQLException {
    try (ExchangeStore store = ExchangeStore.open(dir);
        Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement()) {
      assertThat(store.databaseFile()).exists();
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("PRAGMA table_info(exchanges)")) {
        while (rs.next()) {
          columns.add(rs.getString("name"));
        }
      }
      assertThat(columns).isEqualTo(StoredExchange.COLUMNS);
      assertThat(scalar(s, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(scalar(s, "PRAGMA user_version")).isEqualTo(Integer.toString(Migrations.LATEST));
      assertThat(scalar(s, "PRAGMA auto_vacuum")).isEqualTo("2");
      assertThat(scalar(s, "SELECT value FROM meta WHERE key = 'app'")).isEqualTo("tokentap");
      assertThat(scalar(s, "SELECT value FROM meta WHERE key = 'fingerprint_salt'")).hasSize(64);
      assertThat(scalar(s, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'index'"))
          .contains("exchanges_started_at", "exchanges_model", "rollups_key", "client_rollups_key");
      assertThat(scalar(s, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'"))
          .contains(
              "exchanges",
              "captures",
              "capture_totals",
              "event_times",
              "rollups",
              "client_rollups",
              "meta");
    }
  }

  @Test
  void deletingAnExchangeDeletesItsCapture() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      r.offer(TestExchanges.chat(1, T0));
      r.flush(Duration.ofSeconds(30));
    }
    try (Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      s.execute("DELETE FROM exchanges WHERE id = 1");
      assertThat(scalar(s, "SELECT count(*) FROM captures")).isEqualTo("0");
    }
  }

  private static String scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }
}
