package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.server.ServerProbe;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.server.SlotState;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.activity.ActivityRow;
import dev.tokentap.ui.activity.ActivityViewModel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Server tab's probe against a real llama-server: while a long prompt sent through TokenTap
 * runs, it sees a slot processing the prompt or generating (with llama-server's own counts); after,
 * every slot idle; its {@code n_ctx} is {@code /props}'s, and the activity table's Context for the
 * long prompt's row is its (prompt + generated) tokens over it.
 */
class ServerPanelLiveTest {

  @TempDir Path dataDir;

  private static final String LONG_PROMPT =
      """
      {"prompt":"%s","n_predict":1000,"ignore_eos":true,"seed":7,"cache_prompt":false}"""
          .formatted("lorem ipsum dolor sit amet ".repeat(500));

  @Test
  void theProbeSeesASlotWorkAndThenIdle() throws Exception {
    try (LlamaServer llama = LlamaServer.start("server-panel");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url());
        ServerHttp http = new ServerHttp(Duration.ofSeconds(2), "TokenTap/test")) {
      ServerProbe probe = new ServerProbe(http);
      URI server = URI.create(llama.url());
      ServerSnapshot before = probe.read(server);
      assertThat(before.kind()).isEqualTo(ServerSnapshot.Kind.LLAMA_SERVER);
      assertThat(before.busy()).isFalse();

      LiveHttp client = new LiveHttp(tokentap.url());
      CompletableFuture<LiveHttp.Reply> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return client.post("/completion", LONG_PROMPT);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Set<String> seen = new LinkedHashSet<>();
      List<SlotState> working = new ArrayList<>();
      while (!answer.isDone()) {
        ServerSnapshot s = probe.read(server);
        for (SlotState slot : s.slots()) {
          if (slot.phase() != SlotState.Phase.IDLE) {
            working.add(slot);
            seen.add(
                slot.phase()
                    + (slot.phase() == SlotState.Phase.PROMPT
                        ? " " + slot.promptDone() + "/" + slot.promptTotal()
                        : ""));
          }
        }
        // faster than the tab's 4 reads a second: the prompt's phase lasts a few hundred ms here
        Thread.sleep(50);
      }
      LiveHttp.Reply reply = answer.get();
      System.out.println("server panel saw: " + seen);
      assertThat(reply.status()).isEqualTo(200);
      int promptTokens = new ObjectMapper().readTree(reply.body()).path("tokens_evaluated").asInt();

      assertThat(working).as("a slot seen processing or generating").isNotEmpty();
      assertThat(working)
          .allSatisfy(
              slot -> {
                assertThat(slot.promptDone()).isBetween(0L, slot.promptTotal());
                assertThat(slot.promptTotal()).isBetween(1L, (long) promptTokens);
                assertThat(slot.contextUsed()).isLessThanOrEqualTo(slot.nCtx());
              });
      assertThat(working)
          .filteredOn(slot -> slot.phase() == SlotState.Phase.GENERATING)
          .as("generating: the prompt read, tokens counted as llama-server counts them")
          .allSatisfy(
              slot -> {
                assertThat(slot.promptDone()).isEqualTo(promptTokens);
                assertThat(slot.generated()).isBetween(1L, 1000L);
              });
      // between two reads 50 ms apart the server may not have decoded a token (a measured 0),
      // but it generates on the whole
      List<Double> speeds =
          working.stream()
              .filter(slot -> slot.phase() == SlotState.Phase.GENERATING)
              .map(SlotState::tokensPerSecond)
              .filter(java.util.Objects::nonNull)
              .toList();
      assertThat(speeds).as("generation speed between two reads").allMatch(v -> v >= 0);
      assertThat(speeds).as("generation speed between two reads").anyMatch(v -> v > 0);

      ServerSnapshot after = awaitIdle(probe, server);
      assertThat(after.slots()).allMatch(slot -> slot.phase() == SlotState.Phase.IDLE);
      int propsCtx =
          new ObjectMapper()
              .readTree(llama.get("/props").body())
              .path("default_generation_settings")
              .path("n_ctx")
              .asInt();
      assertThat(after.props().nCtx()).isEqualTo(propsCtx).isPositive();
      assertThat(after.slots()).allSatisfy(slot -> assertThat(slot.nCtx()).isEqualTo(propsCtx));
      assertThat(after.props().alias()).isEqualTo("tiny");

      // the activity table's Context column for the long prompt's row: (prompt + generated) / n_ctx
      StoredExchange row = tokentap.awaitRecorded(1, 10_000).getFirst();
      int predicted = new ObjectMapper().readTree(reply.body()).path("tokens_predicted").asInt();
      assertThat(row.promptTokens()).isEqualTo(promptTokens);
      assertThat(row.completionTokens()).isEqualTo(predicted);
      ActivityViewModel activity =
          new ActivityViewModel(
              tokentap.store(), Runnable::run, Runnable::run, System::currentTimeMillis);
      activity.start();
      activity.serverRead(after);
      ActivityRow shown = activity.rows().get(0).row();
      assertThat(shown.id()).isEqualTo(row.id());
      double expected = 100.0 * (promptTokens + predicted) / propsCtx;
      System.out.println("server panel: context " + expected + "% of n_ctx " + propsCtx);
      assertThat(activity.contextPercent(shown)).isCloseTo(expected, within(1e-9));
      assertThat(after.counters())
          .containsKey("llamacpp:tokens_predicted_total")
          .containsKey("llamacpp:prompt_tokens_total");
    }
  }

  private static ServerSnapshot awaitIdle(ServerProbe probe, URI server) throws Exception {
    ServerSnapshot s = probe.read(server);
    for (int i = 0; i < 40 && s.busy(); i++) {
      Thread.sleep(250);
      s = probe.read(server);
    }
    return s;
  }
}
