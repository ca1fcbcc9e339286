package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.model.EventTimes;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole of TokenTap, as the command line wires it, in front of a fake upstream replaying every
 * fixture with its recorded timing: then the SQLite file is read with plain SQL and each row must
 * carry the figures written in the fixture's own bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingEndToEndTest {

  /** What each fixture's bytes say, endpoint by endpoint (see the fixtures' README). */
  record Expected(
      String path,
      int status,
      String outcome,
      String model,
      boolean streamed,
      Long prompt,
      Long cached,
      Long completion,
      Double promptTps,
      Double genTps) {}

  private static final Map<String, Expected> EXPECTED = new HashMap<>();

  static {
    String chat = "/v1/chat/completions";
    put(
        "chat_nonstream",
        chat,
        200,
        "tiny",
        false,
        34L,
        0L,
        32L,
        9011.396766498807,
        5.416811406197252);
    put(
        "chat_nonstream_repeat_cached",
        chat,
        200,
        "tiny",
        false,
        34L,
        33L,
        32L,
        15.38059276804528,
        6.318276879529415);
    // No usage in the stream: prompt = timings.prompt_n 13 + cache_n 16.
    put(
        "chat_stream",
        chat,
        200,
        "tiny",
        true,
        29L,
        16L,
        32L,
        5158.730158730158,
        63.62106472930264);
    put(
        "chat_stream_include_usage",
        chat,
        200,
        "tiny",
        true,
        32L,
        24L,
        32L,
        27.610389789677857,
        26.48244000659498);
    put(
        "auth_chat_ok",
        chat,
        200,
        "tiny",
        false,
        34L,
        0L,
        8L,
        3257.9532387888075,
        294.1670869053623);
    put("auth_chat_wrong_key", chat, 401, "tiny", false, null, null, null, null, null);
    put(
        "v1_completions_nonstream",
        "/v1/completions",
        200,
        "tiny",
        false,
        11L,
        0L,
        24L,
        4313.725490196079,
        6.60095748323285);
    put(
        "v1_completions_stream",
        "/v1/completions",
        200,
        "tiny",
        true,
        11L,
        10L,
        24L,
        28.035549076228662,
        507.69264728605174);
    // Native: prompt = tokens_evaluated, cached = timings.cache_n (not tokens_cached).
    put(
        "completion_native_nonstream",
        "/completion",
        200,
        "tiny",
        false,
        5L,
        1L,
        24L,
        13.295220368277604,
        10.255266971352135);
    put(
        "completion_native_stream",
        "/completion",
        200,
        "tiny",
        true,
        5L,
        4L,
        24L,
        465.98322460391427,
        520.220754546277);
    put(
        "infill_nonstream",
        "/infill",
        200,
        "tiny",
        false,
        20L,
        0L,
        16L,
        3418.219107844813,
        6.1642602764383065);
    put("infill_unsupported_error", "/infill", 501, null, false, null, null, null, null, null);
    // Anthropic: prompt = input_tokens 1 + cache_read_input_tokens 33; no timings.
    put(
        "anthropic_messages_nonstream",
        "/v1/messages",
        200,
        "tiny",
        false,
        34L,
        33L,
        32L,
        null,
        null);
    put("anthropic_messages_stream", "/v1/messages", 200, "tiny", true, 34L, 33L, 32L, null, -1.0);
    put("responses_nonstream", "/v1/responses", 200, "tiny", false, 29L, 24L, 32L, null, null);
    put(
        "responses_stream",
        "/v1/responses",
        200,
        "tiny",
        true,
        29L,
        28L,
        32L,
        361.01083032490976,
        23.183324757996004);
    put("embeddings_v1_single", "/v1/embeddings", 200, "tiny", false, 3L, null, null, null, null);
    put("error_context_overflow", chat, 400, "tiny", false, null, null, null, null, null);
    // The model is read from the request even though its JSON is cut off.
    put("error_malformed_json", chat, 500, "tiny", false, null, null, null, null, null);
    put(
        "error_unknown_path_post",
        "/v1/does-not-exist",
        404,
        null,
        false,
        null,
        null,
        null,
        null,
        null);
    put("get_health", "/health", 200, null, false, null, null, null, null, null);
    put("get_props", "/props", 200, null, false, null, null, null, null, null);
    put("get_slots_after", "/slots", 200, null, false, null, null, null, null, null);
    put("get_metrics_after", "/metrics", 200, null, false, null, null, null, null, null);
  }

  private static void put(
      String name,
      String path,
      int status,
      String model,
      boolean streamed,
      Long prompt,
      Long cached,
      Long completion,
      Double promptTps,
      Double genTps) {
    String outcome = status >= 400 ? "upstream_error" : "ok";
    EXPECTED.put(
        name,
        new Expected(
            path, status, outcome, model, streamed, prompt, cached, completion, promptTps, genTps));
  }

  private Path dataDir;
  private ReplayUpstream upstream;
  private TokenTap app;
  private final Map<String, Long> idByFixture = new HashMap<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  void recordEveryFixture(@TempDir Path dir) throws Exception {
    dataDir = dir;
    upstream = new ReplayUpstream();
    app = HeadlessTokenTap.start(dataDir, upstream.url(), new PrintStream(log, true, "UTF-8"));
    int port = app.listenAddress().getPort();
    long id = 0;
    for (String name : Fixture.names()) {
      Fixture f = Fixture.load(name);
      if (name.equals("client_disconnect_midstream")) {
        upstream.enqueue(Reply.of(f).ending(ReplayUpstream.Ending.KEEP_STREAMING));
        try (RawClient client = new RawClient(port)) {
          client.send(f.requestBytes()).readSome(f.chunks().getFirst().bytes().length);
        }
        assertThat(upstream.awaitPeerGone(10, TimeUnit.SECONDS)).isTrue();
      } else {
        upstream.enqueue(Reply.of(f));
        try (RawClient client = new RawClient(port)) {
          RawClient.Answer answer = client.send(f.requestBytes()).read(f.method().equals("HEAD"));
          assertThat(answer.body()).as(name).isEqualTo(f.responseBody());
        }
      }
      idByFixture.put(name, ++id);
    }
    app.stop();
  }

  @AfterAll
  void close() throws Exception {
    app.stop();
    upstream.close();
  }

  @Test
  void everyExchangeIsInTheDatabaseWithTheFixturesFigures() throws Exception {
    try (Connection db = open();
        Statement s = db.createStatement()) {
      for (Map.Entry<String, Expected> e : EXPECTED.entrySet()) {
        long id = idByFixture.get(e.getKey());
        try (ResultSet r = s.executeQuery("SELECT * FROM exchanges WHERE id = " + id)) {
          assertThat(r.next()).as(e.getKey()).isTrue();
          Expected x = e.getValue();
          String what = e.getKey();
          assertThat(r.getString("path")).as(what).isEqualTo(x.path());
          assertThat(r.getInt("status")).as(what).isEqualTo(x.status());
          assertThat(r.getString("outcome")).as(what).isEqualTo(x.outcome());
          assertThat(r.getString("model")).as(what + " model").isEqualTo(x.model());
          assertThat(r.getInt("streamed") == 1).as(what + " streamed").isEqualTo(x.streamed());
          assertThat(longOrNull(r, "prompt_tokens")).as(what + " prompt").isEqualTo(x.prompt());
          assertThat(longOrNull(r, "cached_tokens")).as(what + " cached").isEqualTo(x.cached());
          assertThat(longOrNull(r, "completion_tokens"))
              .as(what + " completion")
              .isEqualTo(x.completion());
          assertThat(doubleOrNull(r, "prompt_tps"))
              .as(what + " prompt_tps")
              .isEqualTo(x.promptTps());
          Double genTps = doubleOrNull(r, "gen_tps");
          if (x.genTps() != null && x.genTps() < 0) {
            assertThat(genTps).as(what + " gen_tps measured from the stream").isPositive();
          } else if (x.genTps() == null) {
            assertThat(genTps).as(what + " gen_tps").isNull();
          } else {
            assertThat(genTps).as(what + " gen_tps").isCloseTo(x.genTps(), within(1e-9));
          }
          assertThat(r.getDouble("duration_ms")).as(what).isPositive();
          if (x.streamed() && x.completion() != null) {
            assertThat(doubleOrNull(r, "ttft_ms")).as(what + " ttft").isNotNull().isPositive();
          }
        }
      }
    }
  }

  @Test
  void aClientThatHungUpIsRecordedAsAbortedWithWhatWasSeen() throws Exception {
    try (Connection db = open();
        Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT * FROM exchanges WHERE id = "
                    + idByFixture.get("client_disconnect_midstream"))) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString("outcome")).isEqualTo("client_aborted");
      assertThat(r.getString("model")).isEqualTo("tiny");
      assertThat(r.getInt("streamed")).isEqualTo(1);
      assertThat(r.getLong("response_bytes")).isPositive();
    }
  }

  @Test
  void everyExchangeHasACaptureAndTheHeadlessLogALine() throws Exception {
    try (Connection db = open();
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM captures")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(idByFixture.size());
    }
    List<String> lines = log.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.stream().filter(l -> l.contains(" POST /v1/chat/completions tiny 200")))
        .isNotEmpty();
  }

  @Test
  void everyStreamHasEventTimesThatAgreeWithItsRowAndNothingElseHasAny() throws Exception {
    int streams = 0;
    try (ExchangeStore store =
            ExchangeStore.openReadOnly(dataDir.resolve(ExchangeStore.DATABASE_FILE));
        Connection db = open();
        Statement s = db.createStatement()) {
      for (Map.Entry<String, Long> e : idByFixture.entrySet()) {
        String what = e.getKey();
        StoredExchange row = store.exchange(e.getValue()).orElseThrow();
        Optional<EventTimes> times = store.eventTimes(row.id());
        if (!row.streamed()) {
          assertThat(times).as(what).isEmpty();
          continue;
        }
        streams++;
        EventTimes t = times.orElseThrow(() -> new AssertionError(what + ": no event times"));
        assertThat(t.count()).as(what + " count").isEqualTo(row.eventCount()).isPositive();
        assertThat(t.truncated()).as(what).isFalse();
        long maxGap = -1;
        Long firstOutput = null;
        for (int i = 0; i < t.count(); i++) {
          if (i > 0) {
            long gap = t.offsetMicros(i) - t.offsetMicros(i - 1);
            assertThat(gap).as(what + " offsets never decrease").isNotNegative();
            maxGap = Math.max(maxGap, gap);
          }
          if (firstOutput == null && t.carriesOutput(i)) {
            firstOutput = t.offsetMicros(i);
          }
        }
        assertThat(t.offsetMicros(t.count() - 1) / 1000.0)
            .as(what + " last event before the end")
            .isLessThanOrEqualTo(row.durationMs());
        if (row.ttftMs() != null) {
          assertThat(firstOutput / 1000.0).as(what + " ttft").isCloseTo(row.ttftMs(), within(1.0));
        } else {
          assertThat(firstOutput).as(what + " no output event").isNull();
        }
        if (row.maxGapMs() != null) {
          assertThat(maxGap / 1000.0).as(what + " max gap").isCloseTo(row.maxGapMs(), within(1.0));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM event_times")) {
        r.next();
        assertThat(r.getInt(1)).isEqualTo(streams);
      }
    }
    assertThat(streams).isGreaterThanOrEqualTo(7); // six streamed fixtures and the hung-up one
  }

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
  }

  private static Long longOrNull(ResultSet r, String column) throws Exception {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }

  private static Double doubleOrNull(ResultSet r, String column) throws Exception {
    double v = r.getDouble(column);
    return r.wasNull() ? null : v;
  }
}
