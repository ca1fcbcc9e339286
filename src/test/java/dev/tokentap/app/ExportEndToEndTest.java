package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.replay;
import static dev.tokentap.app.AppTesting.run;
import static dev.tokentap.app.AppTesting.sendSecret;
import static dev.tokentap.app.AppTesting.waitForRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.AppTesting.Run;
import dev.tokentap.capture.Capture;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.ReplayUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap export} as the command line runs it, against a data dir a real TokenTap recorded
 * (and is still recording into: the export reads it read-only, beside the running instance).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportEndToEndTest {

  private static final List<String> FIXTURES =
      List.of(
          "chat_nonstream",
          "chat_stream",
          "error_context_overflow",
          "embeddings_v1_single",
          "get_health");
  private static final String HEADER =
      "id,started_at,method,path,model,status,streamed,ttft_ms,duration_ms,prompt_tokens,"
          + "cached_tokens,completion_tokens,prompt_tps,gen_tps,request_bytes,response_bytes,"
          + "outcome,error,conversation_id,turn,cache_miss,cache_note,cache_lost_tokens,replay_of\r\n";

  private Path dataDir;
  private ReplayUpstream upstream;
  private TokenTap app;
  private int recorded;
  @TempDir Path out;

  @BeforeAll
  void record(@TempDir Path dir) throws Exception {
    dataDir = dir;
    upstream = new ReplayUpstream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
    int port = app.listenAddress().getPort();
    replay(port, upstream, FIXTURES);
    recorded += FIXTURES.size();

    sendSecret(port, upstream);
    recorded++;
    waitForRows(dataDir, recorded);
  }

  @AfterAll
  void stop() throws Exception {
    app.stop();
    upstream.close();
  }

  @Test
  void csvFromTheLiveStoreEqualsCsvFromItsSessionFile() throws Exception {
    Path live = out.resolve("live.csv");
    Path session = out.resolve("all.tokentap");
    Path again = out.resolve("again.tokentap");
    Path fromSession = out.resolve("from-session.csv");
    Path fromSessionAgain = out.resolve("from-session-again.csv");
    assertThat(export("--out", live, "--data-dir", dataDir).code).isZero();
    Run run = export("--out", session, "--data-dir", dataDir);
    assertThat(run.code).isZero();
    assertThat(run.err)
        .startsWith("tokentap: exported " + recorded + " exchanges to " + session)
        .contains(" in ");
    assertThat(export("--out", fromSession, "--from", session).code).isZero();
    assertThat(export("--out", again, "--from", session).code).isZero();
    assertThat(export("--out", fromSessionAgain, "--from", again).code).isZero();

    byte[] csv = Files.readAllBytes(live);
    assertThat(Files.readAllBytes(fromSession)).isEqualTo(csv);
    assertThat(Files.readAllBytes(fromSessionAgain)).isEqualTo(csv);
    String text = new String(csv, StandardCharsets.UTF_8);
    assertThat(text).startsWith(HEADER).endsWith("\r\n");
    assertThat(text.split("\r\n")).hasSize(recorded + 1);
    assertThat(text)
        .containsPattern("\r\n1,20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z,POST,")
        .contains(",/v1/chat/completions,tiny,200,0,,")
        .contains(",upstream_error,");

    try (ExchangeStore s = ExchangeStore.openReadOnly(session)) {
      assertThat(s.count(ExchangeFilter.ALL)).isEqualTo(recorded);
      assertThat(s.meta("session_format_version")).contains("2");
      assertThat(s.meta("app")).contains("tokentap");
      assertThat(s.capture(1)).isPresent();
      // chat_stream (id 2): its event times travel with it, through a second session too
      try (ExchangeStore recording =
              ExchangeStore.openReadOnly(dataDir.resolve(ExchangeStore.DATABASE_FILE));
          ExchangeStore second = ExchangeStore.openReadOnly(again)) {
        assertThat(recording.eventTimes(2)).isPresent();
        assertThat(s.eventTimes(2)).isEqualTo(recording.eventTimes(2));
        assertThat(second.eventTimes(2)).isEqualTo(recording.eventTimes(2));
        assertThat(s.eventTimes(1)).isEmpty();
      }
    }
    assertThat(partials()).isEmpty();
  }

  @Test
  void searchTakesTheExchangesWhosePromptsOrAnswersHoldTheText() throws Exception {
    Path keeper = out.resolve("keeper.csv");
    Run run = export("--out", keeper, "--data-dir", dataDir, "--search", "Lighthouse KEEPER");
    assertThat(run.code).isZero();
    assertThat(rows(keeper)).hasSize(1).allMatch(r -> r.startsWith("1,")); // chat_nonstream
    Path mars = out.resolve("mars.csv");
    assertThat(export("--out", mars, "--data-dir", dataDir, "--search", "planet mars").code)
        .isZero();
    assertThat(rows(mars)).hasSize(1).allMatch(r -> r.startsWith("2,")); // chat_stream
    // user text is never query syntax
    Path odd = out.resolve("odd.csv");
    assertThat(export("--out", odd, "--data-dir", dataDir, "--search", "say \"no\" (*").code)
        .isZero();
    assertThat(rows(odd)).isEmpty();
    // a session file of the search carries its own index: searching it again finds the same
    Path session = out.resolve("hello.tokentap");
    assertThat(export("--out", session, "--data-dir", dataDir, "--search", "hello world").code)
        .isZero();
    Path again = out.resolve("hello-again.csv");
    assertThat(export("--out", again, "--from", session, "--search", "hello world").code).isZero();
    assertThat(rows(again)).hasSize(1).allMatch(r -> r.contains(",/v1/embeddings,"));
  }

  @Test
  void filtersByModelAndTime() throws Exception {
    Path tiny = out.resolve("tiny.csv");
    assertThat(export("--out", tiny, "--data-dir", dataDir, "--model", "tiny").code).isZero();
    List<String> rows = rows(tiny);
    assertThat(rows).isNotEmpty().hasSizeLessThan(recorded).allMatch(r -> r.contains(",tiny,"));

    Path recent = out.resolve("recent.csv");
    assertThat(export("--out", recent, "--data-dir", dataDir, "--since", "1h").code).isZero();
    assertThat(rows(recent)).hasSize(recorded);
    Path old = out.resolve("old.csv");
    assertThat(export("--out", old, "--data-dir", dataDir, "--until", "1h").code).isZero();
    assertThat(rows(old)).isEmpty();

    String future = Instant.now().plusSeconds(3600).toString();
    String past = Instant.now().minusSeconds(3600).toString();
    Path iso = out.resolve("iso.tokentap");
    assertThat(export("--out", iso, "--data-dir", dataDir, "--since", past, "--until", future).code)
        .isZero();
    try (ExchangeStore s = ExchangeStore.openReadOnly(iso)) {
      assertThat(s.count(ExchangeFilter.ALL)).isEqualTo(recorded);
    }
    Path none = out.resolve("none.tokentap");
    assertThat(export("--out", none, "--data-dir", dataDir, "--since", future).code).isZero();
    try (ExchangeStore s = ExchangeStore.openReadOnly(none)) {
      assertThat(s.count(ExchangeFilter.ALL)).isZero();
    }
    Path tinySession = out.resolve("tiny.tokentap");
    Path tinyAgain = out.resolve("tiny-again.csv");
    assertThat(export("--out", tinySession, "--data-dir", dataDir, "--model", "tiny").code)
        .isZero();
    assertThat(export("--out", tinyAgain, "--from", tinySession).code).isZero();
    assertThat(Files.readAllBytes(tinyAgain)).isEqualTo(Files.readAllBytes(tiny));
  }

  /** Exports hold the same captures as the data dir: readable by their owner only. */
  @Test
  void everyExportIsReadableByItsOwnerOnlyEvenOverAnOpenFile() throws Exception {
    for (String name : List.of("m.tokentap", "m.har", "m.csv", "m.jsonl")) {
      Path file = out.resolve(name);
      Files.writeString(file, "an older export");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      assertThat(export("--out", file, "--data-dir", dataDir).code).isZero();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void noBodiesLeavesTheBodiesOutButKeepsHeadersAndFigures() throws Exception {
    Path session = out.resolve("nb.tokentap");
    Path har = out.resolve("nb.har");
    assertThat(export("--out", session, "--data-dir", dataDir, "--no-bodies").code).isZero();
    assertThat(export("--out", har, "--data-dir", dataDir, "--no-bodies").code).isZero();
    try (ExchangeStore s = ExchangeStore.openReadOnly(session)) {
      List<Long> ids = new ArrayList<>();
      s.forEach(ExchangeFilter.ALL, x -> ids.add(x.id()));
      assertThat(ids).hasSize(recorded);
      for (long id : ids) {
        Capture c = s.capture(id).orElseThrow();
        assertThat(c.request()).isNull();
        assertThat(c.response()).isNull();
        assertThat(c.requestHeaders()).isNotEmpty();
      }
    }
    com.fasterxml.jackson.databind.JsonNode log =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(har.toFile()).get("log");
    for (com.fasterxml.jackson.databind.JsonNode e : log.get("entries")) {
      assertThat(e.get("request").has("postData")).isFalse();
      assertThat(e.get("response").get("content").has("text")).isFalse();
      assertThat(e.get("_tokentap").get("duration_ms").asDouble()).isPositive();
    }
    Run jsonl = export("--out", out.resolve("nb.jsonl"), "--data-dir", dataDir, "--no-bodies");
    assertThat(jsonl.code).isEqualTo(2);
    assertThat(jsonl.err).contains("--no-bodies");
  }

  @Test
  void failuresSayWhatInOneLineAndLeaveNoFile() throws Exception {
    Path blocker = out.resolve("blocker");
    Files.writeString(blocker, "a file, not a directory");
    Run run = export("--out", blocker.resolve("x.csv"), "--data-dir", dataDir);
    assertThat(run.code).isEqualTo(1);
    assertThat(run.err.lines()).hasSize(1).first().asString().startsWith("tokentap: Cannot write");

    Path notSession = out.resolve("not-a-session.tokentap");
    Files.writeString(notSession, "hello");
    run = export("--out", out.resolve("y.csv"), "--from", notSession);
    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).isEqualTo("tokentap: " + notSession + " is not a TokenTap session file.\n");

    run = export("--out", out.resolve("z.csv"), "--data-dir", out.resolve("empty"));
    assertThat(run.code).isEqualTo(1);
    assertThat(run.err).startsWith("tokentap: No TokenTap database in ").doesNotContain("\tat ");

    run = export("--out", out.resolve("a.txt"), "--data-dir", dataDir);
    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains("cannot tell the format").contains(".jsonl");

    assertThat(out.resolve("y.csv")).doesNotExist();
    assertThat(out.resolve("z.csv")).doesNotExist();
    assertThat(out.resolve("a.txt")).doesNotExist();
    assertThat(partials()).isEmpty();
  }

  private static Run export(Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = "export";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(all);
  }

  private static List<String> rows(Path csv) throws Exception {
    List<String> lines = List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n", -1));
    assertThat(lines.getLast()).isEmpty();
    return lines.subList(1, lines.size() - 1);
  }

  private List<Path> partials() throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }
}
