package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.Header;
import dev.tokentap.model.PromptProgress;
import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real llama-server's {@code prompt_progress} stream events (asked for with {@code
 * "return_progress": true}), sent through TokenTap: the meter reads them as the activity table's
 * running row shows them, before any generated token, ending at the prompt's size.
 */
class PromptProgressLiveTest {

  @TempDir Path dataDir;

  private static final String LONG_STREAM =
      """
      {"prompt":"%s","n_predict":8,"ignore_eos":true,"seed":7,"cache_prompt":false,\
      "stream":true,"return_progress":true}"""
          .formatted("lorem ipsum dolor sit amet ".repeat(500));

  @Test
  void theMeterReadsTheStreamsPromptProgress() throws Exception {
    try (LlamaServer llama = LlamaServer.start("prompt-progress");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      LiveHttp.Reply reply = new LiveHttp(tokentap.url()).post("/completion", LONG_STREAM);
      assertThat(reply.status()).isEqualTo(200);

      ExchangeMeter meter =
          new MetricsMeterFactory()
              .start(
                  "POST",
                  "/completion",
                  List.of(new Header("Content-Type", "application/json")),
                  System.nanoTime());
      byte[] request = LONG_STREAM.getBytes(StandardCharsets.UTF_8);
      meter.onRequestBody(request, 0, request.length);
      meter.onResponseStart(
          200, List.of(new Header("Content-Type", "text/event-stream")), System.nanoTime());
      List<PromptProgress> seen = new ArrayList<>();
      boolean progressAfterOutput = false;
      for (String event : reply.body().split("\n\n")) {
        byte[] b = (event + "\n\n").getBytes(StandardCharsets.UTF_8);
        PromptProgress before = meter.promptProgress();
        meter.onResponseBody(b, 0, b.length, System.nanoTime());
        PromptProgress now = meter.promptProgress();
        if (now != null && now != before) {
          seen.add(now);
          Long generated = meter.snapshot().completionTokens();
          progressAfterOutput |= generated != null && generated > 1;
        }
      }
      System.out.println("prompt progress seen: " + seen);
      assertThat(seen).as("prompt_progress events").isNotEmpty();
      PromptProgress last = seen.getLast();
      assertThat(last.total()).isGreaterThan(1_000);
      assertThat(last.processed()).isEqualTo(last.total());
      assertThat(seen).allSatisfy(p -> assertThat(p.processed()).isBetween(0L, p.total()));
      assertThat(progressAfterOutput).as("progress comes before the generated tokens").isFalse();

      StoredExchange row = tokentap.awaitRecorded(1, 10_000).getFirst();
      assertThat(row.promptTokens()).isEqualTo(last.total());
    }
  }
}
