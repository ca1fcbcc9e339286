package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.live.LiveHttp.Reply;
import dev.tokentap.store.StoredExchange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 streams at once through TokenTap to llama-server (4 slots: the rest wait in its queue): every
 * one complete, each recorded row carrying the figures its own client was told (rows and clients
 * matched by user agent), and the sums equal to the change of llama-server's {@code /metrics}.
 */
class ConcurrentStreamsLiveTest {

  private static final int STREAMS = 20;

  @TempDir Path dataDir;

  @Test
  void twentyStreamsAtOnce() throws Exception {
    try (LlamaServer llama = LlamaServer.start("concurrent");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, Double> before = llama.settledMetrics();
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        String agent = "live-stream-" + i;
        String body =
            "{\"model\":\"tiny\",\"stream\":true,\"max_tokens\":"
                + (24 + i)
                + ",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Stream number "
                + i
                + ": count to ten.\"}]}";
        // each stream on its own client, so that each has its own connection to TokenTap
        futures.add(
            pool.submit(
                () -> new LiveHttp(tokentap.url()).post("/v1/chat/completions", body, agent)));
      }
      Map<String, Reply> replies = new HashMap<>();
      for (int i = 0; i < STREAMS; i++) {
        replies.put("live-stream-" + i, futures.get(i).get());
      }
      Map<String, Double> after = llama.settledMetrics();
      List<StoredExchange> rows = tokentap.awaitRecorded(STREAMS, 10_000);

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(rows).as("recorded exchanges").hasSize(STREAMS);
      long prompt = 0;
      long cached = 0;
      long generated = 0;
      for (StoredExchange row : rows) {
        Reply reply = replies.get(row.userAgent());
        String at = row.userAgent();
        soft.assertThat(reply).as(at + ": a client with this user agent").isNotNull();
        if (reply == null) {
          continue;
        }
        soft.assertThat(reply.status()).as(at + ": status").isEqualTo(200);
        soft.assertThat(reply.body()).as(at + ": complete stream").contains("data: [DONE]");
        soft.assertThat(row.status()).as(at + ": recorded status").isEqualTo(reply.status());
        soft.assertThat(row.outcome().code()).as(at + ": outcome").isEqualTo("ok");
        soft.assertThat(row.streamed()).as(at + ": streamed").isTrue();
        ReportedFigures told = ReportedFigures.of(reply.body(), true);
        soft.assertThat(row.promptTokens()).as(at + ": prompt tokens").isEqualTo(told.prompt());
        soft.assertThat(row.cachedTokens()).as(at + ": cached tokens").isEqualTo(told.cached());
        soft.assertThat(row.completionTokens())
            .as(at + ": generated tokens")
            .isEqualTo(told.completion());
        soft.assertThat(row.promptTps()).as(at + ": prompt tok/s").isEqualTo(told.promptTps());
        soft.assertThat(row.genTps()).as(at + ": generation tok/s").isEqualTo(told.genTps());
        if (row.completionTokens() != null) {
          prompt += row.promptTokens() - EndpointsLiveTest.nz(row.cachedTokens());
          cached += EndpointsLiveTest.nz(row.cachedTokens());
          generated += row.completionTokens();
        }
      }
      System.out.printf(
          "concurrent: %d streams; TokenTap's sums: uncached prompt %d, cached %d, generated %d;"
              + " llama-server's /metrics change: %d, %d, %d%n",
          rows.size(),
          prompt,
          cached,
          generated,
          EndpointsLiveTest.delta(before, after, "prompt_tokens_total"),
          EndpointsLiveTest.delta(before, after, "prompt_tokens_cached_total"),
          EndpointsLiveTest.delta(before, after, "tokens_predicted_total"));
      soft.assertThat(prompt)
          .as("uncached prompt tokens vs llamacpp:prompt_tokens_total")
          .isEqualTo(EndpointsLiveTest.delta(before, after, "prompt_tokens_total"));
      soft.assertThat(cached)
          .as("cached prompt tokens vs llamacpp:prompt_tokens_cached_total")
          .isEqualTo(EndpointsLiveTest.delta(before, after, "prompt_tokens_cached_total"));
      soft.assertThat(generated)
          .as("generated tokens vs llamacpp:tokens_predicted_total")
          .isEqualTo(EndpointsLiveTest.delta(before, after, "tokens_predicted_total"));
      soft.assertAll();
      assertThat(replies).hasSize(STREAMS);
    }
  }
}
