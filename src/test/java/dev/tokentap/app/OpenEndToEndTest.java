package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.MARK;
import static dev.tokentap.app.AppTesting.replay;
import static dev.tokentap.app.AppTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.AppTesting.Run;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.SessionSummary;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.ReplayUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap --open FILE} on files exported from a real recording (session and HAR), on a
 * hand-written browser-style HAR with secrets, and on files that are not HAR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenEndToEndTest {

  private static final List<String> FIXTURES =
      List.of(
          "chat_nonstream",
          "chat_nonstream_repeat_cached",
          "chat_stream",
          "chat_stream_include_usage",
          "error_context_overflow",
          "embeddings_v1_single",
          "anthropic_messages_stream",
          "responses_nonstream",
          "completion_native_stream",
          "get_health");

  private Path dataDir;
  private ReplayUpstream upstream;
  private TokenTap app;
  @TempDir Path out;

  @BeforeAll
  void record(@TempDir Path dir) throws Exception {
    dataDir = dir;
    upstream = new ReplayUpstream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
    int port = app.listenAddress().getPort();
    replay(port, upstream, FIXTURES);

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recorded().size() < FIXTURES.size() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(recorded()).hasSize(FIXTURES.size());
  }

  @AfterAll
  void stop() throws Exception {
    app.stop();
    upstream.close();
  }

  @Test
  void aSessionFileOpensWithTheRecordingsNumbers() throws Exception {
    Path session = out.resolve("all.tokentap");
    assertThat(run("export", "--out", session, "--data-dir", dataDir).code).isZero();
    Run open = run("--open", session, "--headless");
    assertThat(open.code).as(open.err).isZero();
    assertThat(open.err).isEmpty();

    List<StoredExchange> rows = recorded();
    long errors = rows.stream().filter(x -> !x.outcome().code().equals("ok")).count();
    assertThat(errors).isPositive();
    assertThat(open.out)
        .contains("file       " + session.toAbsolutePath())
        .contains("format     TokenTap session, format 2")
        .contains(String.format(Locale.ROOT, "exchanges  %d (%d errors)", rows.size(), errors));
    String tinyLine = open.out.lines().filter(l -> l.startsWith("tiny ")).findFirst().orElseThrow();
    List<StoredExchange> tiny = rows.stream().filter(x -> "tiny".equals(x.model())).toList();
    assertThat(tinyLine.split(" +"))
        .startsWith(
            "tiny",
            Integer.toString(tiny.size()),
            grouped(tiny.stream().mapToLong(x -> orZero(x.promptTokens())).sum()),
            grouped(tiny.stream().mapToLong(x -> orZero(x.cachedTokens())).sum()),
            grouped(tiny.stream().mapToLong(x -> orZero(x.completionTokens())).sum()));
    double[] speeds =
        tiny.stream()
            .filter(x -> x.genTps() != null)
            .mapToDouble(x -> x.genTps())
            .sorted()
            .toArray();
    double median =
        speeds.length % 2 == 1
            ? speeds[speeds.length / 2]
            : (speeds[speeds.length / 2 - 1] + speeds[speeds.length / 2]) / 2;
    // the summary's median comes from the rollups' distribution: within ±1 %
    String[] cells = tinyLine.split(" +");
    assertThat(Double.parseDouble(cells[cells.length - 1]))
        .isCloseTo(median, org.assertj.core.api.Assertions.within(0.01 * median + 0.05));

    try (ExchangeStore store = ExchangeStore.openReadOnly(session)) {
      SessionSummary s = store.summary();
      assertThat(s.exchanges()).isEqualTo(rows.size());
      assertThat(s.firstStartedAt()).isEqualTo(rows.getFirst().startedAt());
      assertThat(s.lastStartedAt()).isEqualTo(rows.getLast().startedAt());
    }
  }

  @Test
  void aSessionFileOfFormatOneStillOpensAndExports() throws Exception {
    Path session = out.resolve("old.tokentap");
    assertThat(run("export", "--out", session, "--data-dir", dataDir).code).isZero();
    // what an earlier TokenTap wrote: schema 2 (no event_times), session format 1
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE rollups");
      s.execute("DROP TABLE client_rollups");
      dev.tokentap.testing.SyntheticStore.undoSchemasAfterFour(s);
      s.execute("DROP TABLE event_times");
      s.execute("PRAGMA user_version = 2");
      s.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
      s.execute("UPDATE meta SET value = '1' WHERE key = 'session_format_version'");
    }
    Run open = run("--open", session, "--headless");
    assertThat(open.code).as(open.err).isZero();
    assertThat(open.out)
        .contains("format     TokenTap session, format 2")
        .contains("exchanges  " + FIXTURES.size() + " (");

    Path csv = out.resolve("from-old.csv");
    Run export = run("export", "--from", session, "--out", csv);
    assertThat(export.code).as(export.err).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(FIXTURES.size() + 1);
  }

  @Test
  void aHarExportOpensWithTheSameTokenFiguresPerExchange() throws Exception {
    Path har = out.resolve("all.har");
    assertThat(run("export", "--out", har, "--data-dir", dataDir).code).isZero();
    Run open = run("--open", har, "--headless");
    assertThat(open.code).as(open.err).isZero();
    assertThat(open.out).contains("format     HAR, from TokenTap");

    List<StoredExchange> original = recorded();
    Path temp;
    try (OpenedSession s = OpenedSession.open(har)) {
      temp = s.tempDir();
      List<StoredExchange> imported = new ArrayList<>();
      s.store().forEach(ExchangeFilter.ALL, imported::add);
      assertThat(imported).hasSameSizeAs(original);
      for (int i = 0; i < original.size(); i++) {
        StoredExchange a = original.get(i);
        StoredExchange b = imported.get(i);
        String what = FIXTURES.get(i);
        assertThat(b.method()).as(what).isEqualTo(a.method());
        assertThat(b.path()).as(what).isEqualTo(a.path());
        assertThat(b.status()).as(what).isEqualTo(a.status());
        assertThat(b.model()).as(what).isEqualTo(a.model());
        assertThat(b.promptTokens()).as(what).isEqualTo(a.promptTokens());
        assertThat(b.cachedTokens()).as(what).isEqualTo(a.cachedTokens());
        assertThat(b.completionTokens()).as(what).isEqualTo(a.completionTokens());
        assertThat(b.streamed()).as(what).isEqualTo(a.streamed());
        assertThat(b.outcome()).as(what).isEqualTo(a.outcome());
        assertThat(b.startedAt()).as(what).isEqualTo(a.startedAt());
        assertThat(b.durationMs()).as(what).isEqualTo(a.durationMs());
        // a HAR has no per-event times: an imported stream keeps none
        assertThat(s.store().eventTimes(b.id())).as(what).isEmpty();
      }
    }
    assertThat(temp).doesNotExist();

    Path csv = out.resolve("from-har.csv");
    Run export = run("export", "--from", har, "--out", csv);
    assertThat(export.code).as(export.err).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(original.size() + 1);
  }

  @Test
  void aBrowserHarOpensRedactedAndLeavesNothingBehind() throws Exception {
    Path har = out.resolve("browser.har");
    Files.writeString(har, browserHar());
    Path temp;
    try (OpenedSession s = OpenedSession.open(har)) {
      temp = s.tempDir();
      assertThat(s.store().count()).isEqualTo(2);
      StoredExchange chat = s.store().exchange(1).orElseThrow();
      assertThat(chat.path()).isEqualTo("/v1/chat/completions");
      assertThat(chat.model()).isEqualTo("qwen");
      assertThat(chat.promptTokens()).isEqualTo(12);
      assertThat(chat.completionTokens()).isEqualTo(5);
      assertThat(chat.durationMs()).isEqualTo(250.5);
      assertThat(chat.startedAt()).isEqualTo(1_763_805_600_123L);
      assertThat(s.store().exchange(2).orElseThrow().outcome().code()).isEqualTo("upstream_error");
      assertThat(s.store().capture(1).orElseThrow().requestHeaders().toString())
          .contains("Authorization")
          .doesNotContain(MARK);
      List<Path> files;
      try (Stream<Path> all = Files.walk(temp)) {
        files = all.filter(Files::isRegularFile).toList();
      }
      assertThat(files).isNotEmpty();
      for (Path f : files) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(MARK);
      }
    }
    assertThat(temp).doesNotExist();

    Run open = run("--open", har, "--headless");
    assertThat(open.code).as(open.err).isZero();
    assertThat(open.out)
        .contains("exchanges  2 (1 errors)")
        .contains("format     HAR, from Firefox 120.0");
  }

  @Test
  void malformedOrForeignFilesFailWithOneLine() throws Exception {
    Path broken = out.resolve("broken.har");
    Files.writeString(broken, "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":");
    Path notHar = out.resolve("other.json");
    Files.writeString(notHar, "{\"name\":\"not a har\",\"items\":[1,2,3]}");
    Path text = out.resolve("notes.txt");
    Files.writeString(text, "hello");
    for (Path p : List.of(broken, notHar, text, out.resolve("missing.har"))) {
      Run r = run("--open", p);
      assertThat(r.code).as(p.toString()).isEqualTo(1);
      assertThat(r.out).isEmpty();
      assertThat(r.err.lines().toList()).as(r.err).hasSize(1);
      assertThat(r.err).startsWith("tokentap: ").contains(p.getFileName().toString());
    }
    assertThat(run("--open", broken).err).contains("malformed JSON");
    assertThat(run("--open", notHar).err).contains("is not a HAR file: it has no log.entries");
  }

  private static String browserHar() {
    String request =
        "{\\\"model\\\":\\\"qwen\\\",\\\"api_key\\\":\\\""
            + MARK
            + "-field\\\",\\\"messages\\\":[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"my key"
            + " is sk-"
            + MARK
            + "0123456789abcdef\\\"}]}";
    String answer =
        "{\\\"id\\\":\\\"c1\\\",\\\"object\\\":\\\"chat.completion\\\",\\\"model\\\":\\\"qwen\\\","
            + "\\\"choices\\\":[{\\\"index\\\":0,\\\"finish_reason\\\":\\\"stop\\\",\\\"message\\\":"
            + "{\\\"role\\\":\\\"assistant\\\",\\\"content\\\":\\\"Hello there\\\"}}],"
            + "\\\"usage\\\":{\\\"prompt_tokens\\\":12,\\\"completion_tokens\\\":5,"
            + "\\\"total_tokens\\\":17}}";
    return """
        {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "120.0"},
          "pages": [],
          "entries": [
            {"startedDateTime": "2025-11-22T11:00:00.123+01:00", "time": 250.5,
             "request": {"method": "POST", "url": "http://localhost:8080/v1/chat/completions",
               "httpVersion": "HTTP/1.1",
               "headers": [{"name": "Authorization", "value": "Bearer %s-header"},
                           {"name": "Content-Type", "value": "application/json"}],
               "cookies": [], "queryString": [], "headersSize": -1, "bodySize": -1,
               "postData": {"mimeType": "application/json", "text": "%s"}},
             "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
               "headers": [{"name": "Content-Type", "value": "application/json"},
                           {"name": "Content-Encoding", "value": "gzip"}],
               "cookies": [], "content": {"size": 300, "mimeType": "application/json",
                 "text": "%s"},
               "redirectURL": "", "headersSize": -1, "bodySize": 180},
             "cache": {}, "timings": {"send": 0.5, "wait": 240, "receive": 10}},
            {"startedDateTime": "2025-11-22T10:00:01.000Z", "time": 3,
             "request": {"method": "GET", "url": "http://localhost:8080/missing?x=1",
               "httpVersion": "HTTP/2", "headers": [{"name": ":authority", "value": "localhost"}],
               "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
             "response": {"status": 404, "statusText": "", "httpVersion": "HTTP/2",
               "headers": [], "cookies": [],
               "content": {"size": 4, "mimeType": "text/plain", "text": "bm9wZQ==",
                 "encoding": "base64"},
               "redirectURL": "", "headersSize": -1, "bodySize": 4},
             "cache": {}, "timings": {"send": 0, "wait": 3, "receive": 0}}
          ]}}
        """
        .formatted(MARK, request, answer);
  }

  private List<StoredExchange> recorded() {
    List<StoredExchange> rows = new ArrayList<>();
    try (ExchangeStore s = ExchangeStore.openReadOnly(dataDir.resolve("tokentap.db"))) {
      s.forEach(ExchangeFilter.ALL, rows::add);
    }
    return rows;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static String grouped(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
