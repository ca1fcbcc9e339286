package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.app.Launcher;
import dev.tokentap.model.Outcome;
import dev.tokentap.replay.ReplayEdits;
import dev.tokentap.replay.ReplayResult;
import dev.tokentap.replay.ReplaySource;
import dev.tokentap.replay.Replayer;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay against a real llama-server: a chat stream forwarded through TokenTap, then sent again
 * with an edited body through the code path of the window's Replay... (TokenTap running), and from
 * the command line ({@code tokentap replay}, TokenTap stopped). Each replay must be stored with
 * {@code replay_of} = the original's id, status 200 and llama-server's own token figures.
 */
class ReplayLiveTest {

  @TempDir Path dir;

  private static final String CHAT =
      """
      {"model":"tiny","messages":[{"role":"system","content":"You are terse."},\
      {"role":"user","content":"Name three moons of Jupiter."}],\
      "max_tokens":16,"seed":3,"stream":true,"stream_options":{"include_usage":true}}""";

  @Test
  void aForwardedChatIsReplayedEditedFromTheWindowsPathAndFromTheCommandLine() throws Exception {
    Path data = dir.resolve("data");
    try (LlamaServer llama = LlamaServer.start("replay")) {
      long original;
      try (InProcessTokenTap tokentap = InProcessTokenTap.start(data, llama.url());
          ServerHttp http = new ServerHttp(Duration.ofSeconds(5), "TokenTap/live-test")) {
        LiveHttp.Reply reply = new LiveHttp(tokentap.url()).post("/v1/chat/completions", CHAT);
        assertThat(reply.status()).isEqualTo(200);
        StoredExchange first = tokentap.awaitRecorded(1, 10_000).getFirst();
        original = first.id();
        assertThat(first.completionTokens()).isEqualTo(16L);

        // the window's path: the running app's store, recorder, ids and meter factory
        Replayer replayer = tokentap.replayer(http);
        ReplaySource source = replayer.source(original);
        assertThat(source.body()).isEqualTo(CHAT);
        String edited = CHAT.replace("\"max_tokens\":16", "\"max_tokens\":8");
        ReplayResult r =
            replayer.replay(source, new ReplayEdits(edited, "tiny", llama.url(), null));
        assertThat(r.problem()).isNull();
        StoredExchange fromWindow = r.replay().row();
        report("window path", r.original().row(), fromWindow);
        assertReplayOf(fromWindow, original, true);
        assertThat(fromWindow.completionTokens()).isEqualTo(8L);
        assertThat(fromWindow.promptTokens()).isEqualTo(first.promptTokens());
        assertThat(r.replay().answer()).isNotEmpty();
        assertThat(tokentap.store().exchange(fromWindow.id()).orElseThrow().replayOf())
            .isEqualTo(original);
      }

      // the command line, TokenTap stopped: another prompt, not streamed
      Path body = dir.resolve("body.json");
      Files.writeString(
          body,
          """
          {"model":"tiny","messages":[{"role":"user","content":"Say hello in French."}],\
          "max_tokens":12,"seed":5}""");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Launcher.run(
              new String[] {
                "replay",
                Long.toString(original),
                "--data-dir",
                data.toString(),
                "--body",
                body.toString()
              },
              Map.of(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      System.out.print(out.toString(StandardCharsets.UTF_8));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      // and once more as captured, to the upstream the original went to
      ByteArrayOutputStream out2 = new ByteArrayOutputStream();
      int code2 =
          Launcher.run(
              new String[] {"replay", Long.toString(original), "--data-dir", data.toString()},
              Map.of(),
              new PrintStream(out2, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      System.out.print(out2.toString(StandardCharsets.UTF_8));
      assertThat(code2).as(err.toString(StandardCharsets.UTF_8)).isZero();

      try (ExchangeStore s =
          ExchangeStore.openReadOnly(data.resolve(ExchangeStore.DATABASE_FILE))) {
        StoredExchange edited = s.exchange(original + 2).orElseThrow();
        StoredExchange asCaptured = s.exchange(original + 3).orElseThrow();
        report("command line, edited", s.exchange(original).orElseThrow(), edited);
        report("command line, as captured", s.exchange(original).orElseThrow(), asCaptured);
        assertReplayOf(edited, original, false);
        assertThat(edited.completionTokens()).isEqualTo(12L);
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("replay #" + edited.id() + " of #" + original);
        assertReplayOf(asCaptured, original, true);
        assertThat(asCaptured.completionTokens()).isEqualTo(16L);
        // the same prompt again: llama-server serves it from its cache, and says so
        assertThat(asCaptured.cachedTokens()).isPositive();
      }
    }
  }

  private static void assertReplayOf(StoredExchange x, long original, boolean streamed) {
    assertThat(x.replayOf()).isEqualTo(original);
    assertThat(x.status()).isEqualTo(200);
    assertThat(x.outcome()).isEqualTo(Outcome.OK);
    assertThat(x.streamed()).isEqualTo(streamed);
    assertThat(x.usageReported()).isTrue();
    assertThat(x.promptTokens()).isPositive();
    assertThat(x.cachedTokens()).isNotNull();
    assertThat(x.completionTokens()).isPositive();
    assertThat(x.promptTps()).isPositive();
    assertThat(x.genTps()).isPositive();
    if (streamed) {
      assertThat(x.ttftMs()).isPositive();
      assertThat(x.eventCount()).isPositive();
    }
  }

  private static void report(String how, StoredExchange o, StoredExchange r) {
    System.out.printf(
        "replay (%s): original #%d prompt %s cached %s gen %s ttft %s pp %s tg %s %.0f ms;"
            + " replay #%d prompt %s cached %s gen %s ttft %s pp %s tg %s %.0f ms%n",
        how,
        o.id(),
        o.promptTokens(),
        o.cachedTokens(),
        o.completionTokens(),
        o.ttftMs(),
        o.promptTps(),
        o.genTps(),
        o.durationMs(),
        r.id(),
        r.promptTokens(),
        r.cachedTokens(),
        r.completionTokens(),
        r.ttftMs(),
        r.promptTps(),
        r.genTps(),
        r.durationMs());
  }
}
