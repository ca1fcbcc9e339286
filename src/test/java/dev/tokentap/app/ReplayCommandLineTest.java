package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.capture.Capture;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Received;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap replay}: a real store (an exchange forwarded and recorded by TokenTap first), a
 * fake llama-server on a real socket answering with recorded bytes, the command line in-process.
 */
class ReplayCommandLineTest {

  @TempDir Path dir;
  private ReplayUpstream upstream;
  private Path data;

  @BeforeEach
  void recordOneChatStream() throws Exception {
    upstream = new ReplayUpstream();
    data = dir.resolve("data");
    TokenTap app =
        HeadlessTokenTap.start(
            data, upstream.url(), new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    try {
      AppTesting.replay(app.listenAddress().getPort(), upstream, List.of("chat_stream"));
      upstream.takeRequest();
      AppTesting.waitForRows(data, 1);
    } finally {
      app.stop();
    }
  }

  @AfterEach
  void close() throws Exception {
    upstream.close();
  }

  @Test
  void sendsTheCapturedRequestAgainAndRecordsItAsAReplayWithTheSameFigures() throws Exception {
    upstream.enqueue(Reply.of(Fixture.load("chat_stream")).scaled(0.01));

    Run r = run(Map.of(), "replay", "1", "--data-dir", data);

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("replay #2 of #1: POST /v1/chat/completions model tiny");
    Received sent = upstream.takeRequest();
    Fixture f = Fixture.load("chat_stream");
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.target()).isEqualTo("/v1/chat/completions");
    assertThat(new String(sent.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(f.requestBody(), StandardCharsets.UTF_8));
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
    assertThat(sent.header("Authorization")).isNull();
    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      StoredExchange original = s.exchange(1).orElseThrow();
      StoredExchange replay = s.exchange(2).orElseThrow();
      assertThat(original.replayOf()).isNull();
      assertThat(replay.replayOf()).isEqualTo(1L);
      assertThat(replay.status()).isEqualTo(200);
      assertThat(replay.outcome()).isEqualTo(Outcome.OK);
      assertThat(replay.streamed()).isTrue();
      // the same bytes through the same meter: the same figures
      assertThat(replay.promptTokens()).isEqualTo(original.promptTokens()).isEqualTo(29L);
      assertThat(replay.cachedTokens()).isEqualTo(original.cachedTokens());
      assertThat(replay.completionTokens()).isEqualTo(original.completionTokens()).isEqualTo(32L);
      assertThat(replay.genTps()).isEqualTo(original.genTps());
      assertThat(replay.ttftMs()).isNotNull();
      assertThat(replay.eventCount()).isEqualTo(original.eventCount());
      assertThat(s.eventTimes(2)).isPresent();
      assertThat(r.out).contains("  replay   #2  status 200  prompt 29 (cached 16)  generated 32");
    }
  }

  @Test
  void editsTheModelAndTheBodyAndSendsTheCredentialWithoutStoringIt() throws Exception {
    upstream.enqueue(Reply.of(Fixture.load("chat_stream")).scaled(0.01));
    Path body = dir.resolve("body.json");
    Files.writeString(
        body,
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"max_tokens\":5,\"stream\":true}");
    String key = AppTesting.KEY;

    Run r =
        run(
            Map.of(ReplayRunner.KEY_VARIABLE, key),
            "replay",
            "1",
            "--data-dir",
            data,
            "--body",
            body,
            "--model",
            "other");

    assertThat(r.code).as(r.err).isZero();
    Received sent = upstream.takeRequest();
    assertThat(new String(sent.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_tokens\":5,\"stream\":true}");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + key);
    assertThat(r.out + r.err).doesNotContain(AppTesting.MARK);
    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      StoredExchange replay = s.exchange(2).orElseThrow();
      assertThat(replay.replayOf()).isEqualTo(1L);
      assertThat(replay.credentialFp()).hasSize(12);
      Capture c = s.capture(2).orElseThrow();
      assertThat(Header.first(c.requestHeaders(), "Authorization")).doesNotContain(AppTesting.MARK);
      assertThat(new String(c.request().bytes(), StandardCharsets.UTF_8)).contains("\"other\"");
    }
    byte[] db = Files.readAllBytes(data.resolve("tokentap.db"));
    assertThat(AppTesting.indexOf(db, AppTesting.MARK.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(-1);
  }

  @Test
  void aDeadUpstreamIsSaidInWordsAndRecordedAsAFailedReplay() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }

    Run r =
        run(Map.of(), "replay", "1", "--data-dir", data, "--upstream", "http://127.0.0.1:" + dead);

    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("the replay failed (upstream_unavailable").contains("#2");
    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      StoredExchange replay = s.exchange(2).orElseThrow();
      assertThat(replay.replayOf()).isEqualTo(1L);
      assertThat(replay.outcome()).isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
      assertThat(replay.error()).contains("connection refused");
      assertThat(replay.upstream()).isEqualTo("http://127.0.0.1:" + dead);
    }
  }

  @Test
  void anErrorAnswerIsRecordedAndExitsOne() throws Exception {
    upstream.enqueue(Reply.of(Fixture.load("error_context_overflow")).scaled(0.01));

    Run r = run(Map.of(), "replay", "1", "--data-dir", data);

    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("replay   #2  status 400");
    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      assertThat(s.exchange(2).orElseThrow().outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
    }
  }

  @Test
  void invalidJsonOrARedactedValueIsRefusedAndNothingIsSent() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"model\": \"tiny\", ");
    Run r = run(Map.of(), "replay", "1", "--data-dir", data, "--body", bad);
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("not valid JSON").contains("Nothing was sent");

    Path redacted = dir.resolve("redacted.json");
    Files.writeString(redacted, "{\"model\": \"tiny\", \"api_key\": \"[REDACTED]\"}");
    r = run(Map.of(), "replay", "1", "--data-dir", data, "--body", redacted);
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("redacted").contains("Nothing was sent");

    r = run(Map.of(), "replay", "99", "--data-dir", data);
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("no exchange #99");

    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      assertThat(s.count(ExchangeFilter.ALL)).isEqualTo(1);
    }
  }

  @Test
  void aRunningTokenTapKeepsTheDataDirAndNothingIsSent() throws Exception {
    TokenTap app =
        HeadlessTokenTap.start(
            data, upstream.url(), new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    try {
      Run r = run(Map.of(), "replay", "1", "--data-dir", data);
      assertThat(r.code).isEqualTo(1);
      assertThat(r.err).contains("TokenTap is running on").contains("Replay...");
    } finally {
      app.stop();
    }
    try (ExchangeStore s = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      assertThat(s.count(ExchangeFilter.ALL)).isEqualTo(1);
    }
  }

  @Test
  void malformedCommandLinesExitTwoAndHelpExitsZero() {
    assertThat(run(Map.of(), "replay").code).isEqualTo(2);
    assertThat(run(Map.of(), "replay", "x").code).isEqualTo(2);
    assertThat(run(Map.of(), "replay", "0").code).isEqualTo(2);
    assertThat(run(Map.of(), "replay", "1", "--upstream", "ftp://x").code).isEqualTo(2);
    Run help = run(Map.of(), "replay", "--help");
    assertThat(help.code).isZero();
    assertThat(help.out).contains("--api-key-file", ReplayRunner.KEY_VARIABLE, "--model");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, Object... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Launcher.run(
            java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
