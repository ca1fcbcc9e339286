package dev.tokentap.live;

import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.live.EndpointsLiveTest.Step;
import dev.tokentap.live.LiveHttp.Reply;
import dev.tokentap.store.StoredExchange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama-server stopped and started again on the same port between two requests, with TokenTap
 * running all along: the request after the restart is answered (no 502), streamed or not, and
 * everything is recorded with llama-server's own figures.
 */
class RestartLiveTest {

  @TempDir Path dataDir;

  private static final String CHAT =
      "{\"model\":\"tiny\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]%s}";

  @Test
  void requestsAfterARestartAreAnswered() throws Exception {
    try (LlamaServer llama = LlamaServer.start("restart");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      LiveHttp client = new LiveHttp(tokentap.url());
      Step post = Step.post("chat", "/v1/chat/completions", CHAT.formatted(""));
      Step stream =
          Step.post("chat stream", "/v1/chat/completions", CHAT.formatted(",\"stream\":true"));
      Step health = Step.get("/health");
      List<Step> steps = new ArrayList<>();
      List<Reply> replies = new ArrayList<>();
      // a non-streamed answer, a restart, a non-streamed request
      // then a stream, a restart, a stream; then a stream, a restart, a GET; then a POST again
      List<List<Step>> rounds =
          List.of(
              List.of(post), List.of(post, stream), List.of(stream, stream), List.of(health, post));
      for (int i = 0; i < rounds.size(); i++) {
        if (i > 0) {
          llama.restart();
        }
        for (Step step : rounds.get(i)) {
          steps.add(step);
          replies.addAll(EndpointsLiveTest.run(client, List.of(step)));
        }
      }
      List<StoredExchange> rows = tokentap.awaitRecorded(steps.size(), 10_000);
      SoftAssertions soft = new SoftAssertions();
      EndpointsLiveTest.compare(soft, steps, replies, rows);
      soft.assertAll();
    }
  }
}
