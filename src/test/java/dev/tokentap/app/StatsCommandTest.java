package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.export.UsageReport;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.RangeStats;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.store.UsageStats;
import dev.tokentap.testing.RandomMetrics;
import dev.tokentap.testing.SyntheticStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap stats} through {@link Launcher#run}: exchanges recorded by the real recorder over
 * the last three days, the figures printed against {@link ExchangeStore#usage} for the same filter,
 * each format, session files, a history older than the rollups, and the errors.
 */
class StatsCommandTest {

  private static final int N = 600;
  private static final long DAY = 86_400_000L;
  private static final String[] MODELS = {"qwen3-8b", "gemma-3-12b", null};
  private static final String[] AGENTS = {"opencode/0.9", "curl/8.14, \"quoted\"", null};
  private static final String[] KEYS = {"sk-test-SECRET-one", "sk-test-SECRET-two", null};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Path data() {
    return home.resolve("data");
  }

  @BeforeEach
  void record() throws Exception {
    Random r = new Random(5);
    long now = System.currentTimeMillis();
    try (ExchangeStore store = ExchangeStore.open(data());
        Recorder rec = store.startRecorder(RecorderSettings.defaults())) {
      for (int i = 1; i <= N; i++) {
        assertThat(rec.offer(exchange(i, now - 1 - (long) (r.nextDouble() * 3 * DAY), r))).isTrue();
      }
      assertThat(rec.flush(Duration.ofSeconds(30))).isTrue();
    }
  }

  /** Models, clients and keys at random; one in ten of model "silent", which reports nothing. */
  private static Exchange exchange(long id, long startedAt, Random r) {
    boolean silent = r.nextInt(10) == 0;
    boolean failed = r.nextInt(20) == 0;
    ExchangeMetrics m =
        silent
            ? new ExchangeMetrics(
                "silent", null, null, null, null, null, null, null, null, null, false)
            : RandomMetrics.draw(r, MODELS);
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Content-Type", "application/json"));
    String agent = AGENTS[r.nextInt(AGENTS.length)];
    if (agent != null) {
      headers.add(new Header("User-Agent", agent));
    }
    String key = KEYS[r.nextInt(KEYS.length)];
    if (key != null) {
      headers.add(new Header("Authorization", "Bearer " + key));
    }
    byte[] req = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    byte[] res = "{\"choices\":[]}".getBytes(StandardCharsets.UTF_8);
    return new Exchange(
        id,
        startedAt,
        "POST",
        r.nextInt(4) == 0 ? "/v1/completions" : "/v1/chat/completions",
        null,
        r.nextBoolean() ? "127.0.0.1:5000" : "192.168.1.20:41000",
        "http://127.0.0.1:8080",
        headers,
        failed ? 502 : 200,
        List.of(new Header("Content-Type", "application/json")),
        r.nextBoolean(),
        req.length,
        res.length,
        1 + r.nextDouble() * 30_000,
        failed ? Outcome.UPSTREAM_ERROR : Outcome.OK,
        failed ? "upstream answered 502" : null,
        m,
        new CapturedBody(req, req.length, false),
        new CapturedBody(res, res.length, false));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Launcher.run(
        args,
        Map.of("HOME", home.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private JsonNode json(String... args) throws Exception {
    assertThat(run(args)).as(err()).isZero();
    assertThat(err()).isEmpty();
    return JSON.readTree(out());
  }

  private static void assertSame(JsonNode row, UsageStats s) {
    assertThat(row.get("group").isNull() ? null : row.get("group").asText()).isEqualTo(s.group());
    assertThat(row.get("requests").asLong()).isEqualTo(s.requests());
    assertThat(row.get("errors").asLong()).isEqualTo(s.errors());
    assertThat(longOrNull(row, "prompt_tokens")).isEqualTo(s.promptTokens());
    assertThat(longOrNull(row, "cached_tokens")).isEqualTo(s.cachedTokens());
    assertThat(longOrNull(row, "completion_tokens")).isEqualTo(s.completionTokens());
    assertThat(doubleOrNull(row, "cache_hit_rate"))
        .isEqualTo(UsageReport.round(s.cacheHitRate(), 10_000));
    assertThat(doubleOrNull(row, "median_gen_tps"))
        .isEqualTo(UsageReport.round(s.medianGenTps(), 100));
    assertThat(doubleOrNull(row, "p90_gen_tps")).isEqualTo(UsageReport.round(s.p90GenTps(), 100));
    assertThat(doubleOrNull(row, "median_ttft_ms"))
        .isEqualTo(UsageReport.round(s.medianTtftMs(), 100));
    assertThat(doubleOrNull(row, "p90_ttft_ms")).isEqualTo(UsageReport.round(s.p90TtftMs(), 100));
    assertThat(row.get("usage_missing").asLong()).isEqualTo(s.usageMissing());
  }

  private static Long longOrNull(JsonNode row, String field) {
    assertThat(row.has(field)).as(field).isTrue();
    return row.get(field).isNull() ? null : row.get(field).asLong();
  }

  private static Double doubleOrNull(JsonNode row, String field) {
    assertThat(row.has(field)).as(field).isTrue();
    return row.get(field).isNull() ? null : row.get(field).asDouble();
  }

  /**
   * Every grouping's JSON equals {@link ExchangeStore#usage}, read while a TokenTap (a store opened
   * for writing) holds the data dir's lock.
   */
  @Test
  void jsonEqualsTheStoreWhileTheDataDirIsLocked() throws Exception {
    ZoneId zone = ZoneId.systemDefault();
    try (ExchangeStore store = ExchangeStore.open(data())) {
      for (UsageStats.By by : UsageStats.By.values()) {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "stats", "--data-dir", data().toString(), "--range", "all", "--format=json"));
        if (by != UsageStats.By.ALL) {
          args.add("--by=" + by.name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode j = json(args.toArray(String[]::new));
        assertThat(j.get("format_version").asInt()).isEqualTo(1);
        assertThat(j.get("range").asText()).isEqualTo("all");
        assertThat(j.get("since").isNull()).isTrue();
        assertThat(j.get("until").isNull()).isTrue();
        assertThat(j.get("model").isNull()).isTrue();
        assertThat(j.get("zone").asText()).isEqualTo(zone.getId());
        List<UsageStats> expected = store.usage(ExchangeFilter.ALL, by, zone);
        if (by == UsageStats.By.ALL) {
          assertThat(j.get("by").isNull()).isTrue();
          assertThat(j.get("rows")).isEmpty();
        } else {
          assertThat(j.get("by").asText()).isEqualTo(args.getLast().substring(5));
          assertThat(j.get("rows")).hasSameSizeAs(expected).hasSizeGreaterThan(1);
          for (int i = 0; i < expected.size(); i++) {
            assertSame(j.get("rows").get(i), expected.get(i));
          }
        }
        assertSame(
            j.get("total"), store.usage(ExchangeFilter.ALL, UsageStats.By.ALL, zone).getFirst());
        RangeStats range = store.rangeStats(ExchangeFilter.ALL);
        assertThat(j.get("total").get("requests").asLong())
            .isEqualTo(N)
            .isEqualTo(range.requests());
        assertThat(j.get("total").get("prompt_tokens").asLong()).isEqualTo(range.promptTokens());
        assertThat(j.get("total").get("median_gen_tps").asDouble())
            .isCloseTo(range.medianGenTps(), within(0.005));
      }
      JsonNode clients =
          json(
              "stats",
              "--data-dir",
              data().toString(),
              "--range=all",
              "--by=client",
              "--format=json");
      List<UsageStats> expected = store.usage(ExchangeFilter.ALL, UsageStats.By.CLIENT, zone);
      for (int i = 0; i < expected.size(); i++) {
        JsonNode row = clients.get("rows").get(i);
        assertThat(row.get("user_agent").isNull() ? null : row.get("user_agent").asText())
            .isEqualTo(expected.get(i).userAgent());
        assertThat(row.get("address").asText()).isEqualTo(expected.get(i).address());
        assertThat(row.get("key_fingerprint").isNull() ? null : row.get("key_fingerprint").asText())
            .isEqualTo(expected.get(i).credentialFp());
      }
      assertThat(expected).anyMatch(s -> s.credentialFp() != null);
      assertThat(out()).doesNotContain("SECRET");
    }
  }

  /** A sliding range and a model: the filter printed is the one read. */
  @Test
  void aRangeAndAModel() throws Exception {
    JsonNode j =
        json(
            "stats",
            "--data-dir",
            data().toString(),
            "--range",
            "24h",
            "--model",
            "qwen3-8b",
            "--format",
            "json",
            "--by",
            "hour");
    Instant since = Instant.parse(j.get("since").asText());
    Instant until = Instant.parse(j.get("until").asText());
    assertThat(Duration.between(since, until)).isEqualTo(Duration.ofHours(24));
    assertThat(until).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(j.get("model").asText()).isEqualTo("qwen3-8b");
    try (ExchangeStore store =
        ExchangeStore.openReadOnly(data().resolve(ExchangeStore.DATABASE_FILE))) {
      ExchangeFilter f = new ExchangeFilter(since, until, "qwen3-8b");
      List<UsageStats> hours = store.usage(f, UsageStats.By.HOUR, ZoneId.systemDefault());
      assertThat(j.get("rows")).hasSameSizeAs(hours);
      for (int i = 0; i < hours.size(); i++) {
        assertSame(j.get("rows").get(i), hours.get(i));
        assertThat(Instant.parse(j.get("rows").get(i).get("start").asText()).toEpochMilli())
            .isEqualTo(hours.get(i).periodStart());
      }
      assertSame(
          j.get("total"), store.usage(f, UsageStats.By.ALL, ZoneId.systemDefault()).getFirst());
      assertThat(j.get("total").get("requests").asLong()).isPositive().isLessThan(N / 3);
    }
  }

  @Test
  void csvHasAHeaderTheGroupsAndTheTotal() throws Exception {
    assertThat(
            run(
                "stats",
                "--data-dir",
                data().toString(),
                "--range=all",
                "--by=client",
                "--format=csv"))
        .isZero();
    List<String> lines = out().lines().toList();
    assertThat(out()).contains("\r\n").doesNotContain("SECRET");
    assertThat(lines.getFirst())
        .isEqualTo(
            "user_agent,address,key_fingerprint,requests,errors,prompt_tokens,cached_tokens,"
                + "completion_tokens,cache_hit_rate,median_gen_tps,p90_gen_tps,median_ttft_ms,"
                + "p90_ttft_ms,usage_missing");
    try (ExchangeStore store =
        ExchangeStore.openReadOnly(data().resolve(ExchangeStore.DATABASE_FILE))) {
      List<UsageStats> clients =
          store.usage(ExchangeFilter.ALL, UsageStats.By.CLIENT, ZoneId.systemDefault());
      assertThat(lines).hasSize(clients.size() + 2);
      UsageStats first = clients.getFirst();
      String agent = first.userAgent() == null ? "" : first.userAgent();
      if (agent.contains("\"")) {
        agent = "\"" + agent.replace("\"", "\"\"") + "\"";
      }
      assertThat(lines.get(1))
          .startsWith(
              agent
                  + ","
                  + first.address()
                  + ","
                  + (first.credentialFp() == null ? "" : first.credentialFp())
                  + ","
                  + first.requests()
                  + ","
                  + first.errors()
                  + ",");
      assertThat(out()).contains("\"curl/8.14, \"\"quoted\"\"\",");
      assertThat(lines.getLast()).startsWith("total,,," + N + ",");
    }
  }

  @Test
  void theTableShowsADashForWhatIsNotReported() throws Exception {
    assertThat(run("stats", "--data-dir", data().toString(), "--range", "all", "--by", "model"))
        .isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines.getFirst()).startsWith("all: the first .. the last (");
    assertThat(lines.get(2))
        .matches(
            "model +requests +errors +prompt +cached +generated +cache hit +gen tok/s +p90 +TTFT +p90 +no usage");
    String silent = lines.stream().filter(l -> l.startsWith("silent ")).findFirst().orElseThrow();
    // requests and errors are counted; tokens, rates, speeds and times are not reported
    assertThat(silent.split(" {2,}")).hasSize(12);
    assertThat(silent.split(" {2,}")).filteredOn("—"::equals).hasSize(8);
    assertThat(out()).contains("(none)");
    assertThat(lines.getLast())
        .startsWith("total ")
        .contains(String.format(java.util.Locale.ROOT, "%,d", N));
    assertThat(out()).containsPattern(" [0-9]+\\.[0-9] %");
    assertThat(out()).containsPattern(" [0-9]+\\.[0-9] ");
    assertThat(out()).containsPattern(" [0-9]+ ms| [0-9]+\\.[0-9]{2} s");
  }

  /** Day rows: one per local day, in time order, as the store groups them. */
  @Test
  void byDay() throws Exception {
    assertThat(run("stats", "--data-dir", data().toString(), "--range", "7d", "--by", "day"))
        .isZero();
    try (ExchangeStore store =
        ExchangeStore.openReadOnly(data().resolve(ExchangeStore.DATABASE_FILE))) {
      List<UsageStats> days =
          store.usage(ExchangeFilter.ALL, UsageStats.By.DAY, ZoneId.systemDefault());
      assertThat(days).hasSizeBetween(3, 4);
      List<String> lines = out().lines().toList();
      assertThat(lines).hasSize(3 + days.size() + 1);
      for (int i = 0; i < days.size(); i++) {
        assertThat(lines.get(3 + i))
            .startsWith(days.get(i).group() + "  ")
            .contains(String.format(java.util.Locale.ROOT, " %,d ", days.get(i).requests()));
      }
    }
  }

  @Test
  void readsASessionFile() throws Exception {
    Path session = home.resolve("last-day.tokentap");
    Instant since = Instant.now().minus(Duration.ofDays(1));
    try (ExchangeStore store =
        ExchangeStore.openReadOnly(data().resolve(ExchangeStore.DATABASE_FILE))) {
      store.writeSession(session, new ExchangeFilter(since, null, null), done -> {});
    }
    JsonNode fromFile =
        json(
            "stats",
            "--from",
            session.toString(),
            "--range",
            "all",
            "--by",
            "model",
            "--format",
            "json");
    JsonNode fromDir =
        json(
            "stats",
            "--data-dir",
            data().toString(),
            "--range",
            since + "..",
            "--by",
            "model",
            "--format",
            "json");
    assertThat(fromFile.get("rows")).isEqualTo(fromDir.get("rows"));
    assertThat(fromFile.get("total")).isEqualTo(fromDir.get("total"));
    assertThat(fromFile.get("total").get("requests").asLong()).isPositive().isLessThan(N);
  }

  /**
   * A history from before the rollups, opened read-only (TokenTap not started since the upgrade):
   * every row is read, with a note, and the figures are those the rollups give once built.
   */
  @Test
  void aHistoryWithoutRollupsIsReadRowByRowWithANote() throws Exception {
    Path old = home.resolve("old");
    Path summed = home.resolve("summed");
    SyntheticStore.createBeforeRollups(old, 500, SyntheticStore.T0);
    SyntheticStore.create(summed, 500, SyntheticStore.T0);
    for (String by : List.of("model", "hour")) {
      assertThat(
              run(
                  "stats",
                  "--data-dir",
                  old.toString(),
                  "--range=all",
                  "--format=json",
                  "--by",
                  by))
          .isZero();
      assertThat(err()).isEqualTo(StatsRunner.ROWS_NOTE + System.lineSeparator());
      JsonNode rows = JSON.readTree(out());
      JsonNode rollups =
          json(
              "stats", "--data-dir", summed.toString(), "--range=all", "--format=json", "--by", by);
      assertThat(rows).isEqualTo(rollups);
      assertThat(rows.get("total").get("requests").asLong()).isEqualTo(500);
    }
  }

  @Test
  void malformedValuesAreUsageErrors() {
    String[][] bad = {
      {"stats", "--range", "yesterday"},
      {"stats", "--range", "yesterday.."},
      {"stats", "--range", "1d..2d"},
      {"stats", "--by", "week"},
      {"stats", "--format", "xml"},
      {"stats", "--data-dir", "d", "--from", "s.tokentap"},
      {"stats", "--bogus"},
    };
    for (String[] args : bad) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err())
          .as(String.join(" ", args))
          .startsWith("tokentap: stats")
          .contains(
              System.lineSeparator()
                  + System.lineSeparator()
                  + "Stats: java -jar tokentap.jar stats");
      assertThat(out()).isEmpty();
    }
    run("stats", "--by", "week");
    assertThat(err())
        .startsWith("tokentap: stats: --by wants model, client, endpoint, day or hour, not 'week'");
    run("stats", "--range", "x");
    assertThat(err())
        .startsWith(
            "tokentap: stats: --range wants today, 24h, 7d, 30d, month, all or SINCE..UNTIL");
    run("stats", "--format", "xml");
    assertThat(err()).startsWith("tokentap: stats: --format wants table, json or csv, not 'xml'");
  }

  @Test
  void aMissingDataDirOrFileIsExitCode1() {
    assertThat(run("stats", "--data-dir", home.resolve("nowhere").toString())).isEqualTo(1);
    assertThat(err()).startsWith("tokentap: No TokenTap database in ").contains("--data-dir");
    assertThat(out()).isEmpty();
    assertThat(run("stats", "--from", home.resolve("none.tokentap").toString())).isEqualTo(1);
    assertThat(err()).startsWith("tokentap: No such file: ");
  }

  @Test
  void theMainHelpListsStats() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("stats [--range=RANGE]").containsPattern("\\R  stats +Prints usage");
    assertThat(run("stats", "--help")).isZero();
    assertThat(out()).contains("--range=RANGE", "--by=GROUP", "--format=FORMAT", "within 1 %");
  }
}
