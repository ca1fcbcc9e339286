package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation goes on after TokenTap restarts: the tracker of the new run is seeded from the
 * stored turns (a real SQLite file, the real recorder), and a second turn after the restart is turn
 * 2 of the same conversation, with its cache verdict.
 */
class ConversationSeedTest {

  @TempDir Path dataDir;

  private static final String SYSTEM = "Be brief. ".repeat(100);

  @Test
  void aConversationGoesOnAfterARestart() throws Exception {
    long now = System.currentTimeMillis();
    String first =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\""
            + SYSTEM
            + "\"},{\"role\":\"user\",\"content\":\"one\"}]}";
    String second =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"system\",\"content\":\""
            + SYSTEM
            + "\"},{\"role\":\"user\",\"content\":\"one\"},"
            + "{\"role\":\"assistant\",\"content\":\"A1\"},{\"role\":\"user\",\"content\":\"two\"}]}";
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      record(store, new ConversationWiring(), chat(1, now, first, "A1", 300, 0L));
    }
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      // a new run: a new wiring, its tracker seeded from the store; the server lost the cache
      record(store, new ConversationWiring(), chat(2, now + 1000, second, "A2", 310, 0L));
      StoredExchange row = store.exchange(2).orElseThrow();
      assertThat(row.conversationId()).isEqualTo("c1");
      assertThat(row.turn()).isEqualTo(2);
      assertThat(row.cacheMiss()).isEqualTo("not_reused");
      assertThat(row.cacheNote()).contains("nothing TokenTap saw explains it");
    }
  }

  private static void record(ExchangeStore store, ConversationWiring wiring, Exchange e)
      throws Exception {
    Recorder r = store.startRecorderLinking(RecorderSettings.defaults(), wiring.linker(store));
    try {
      assertThat(r.offer(e)).isTrue();
      assertThat(r.flush(Duration.ofSeconds(10))).isTrue();
    } finally {
      r.close();
    }
  }

  private static Exchange chat(
      long id, long at, String request, String answer, long prompt, Long cached) {
    String response =
        "{\"model\":\"tiny\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":\""
            + answer
            + "\"}}],\"usage\":{\"prompt_tokens\":"
            + prompt
            + ",\"completion_tokens\":2}}";
    byte[] req = request.getBytes(StandardCharsets.UTF_8);
    byte[] res = response.getBytes(StandardCharsets.UTF_8);
    return new Exchange(
        id,
        at,
        "POST",
        "/v1/chat/completions",
        null,
        "127.0.0.1:5000",
        "http://127.0.0.1:8080",
        List.of(new Header("Content-Type", "application/json")),
        200,
        List.of(new Header("Content-Type", "application/json")),
        false,
        req.length,
        res.length,
        12.5,
        Outcome.OK,
        null,
        new ExchangeMetrics(
            "tiny", "stop", prompt, cached, 2L, 1000.0, 50.0, null, null, null, true),
        new CapturedBody(req, req.length, false),
        new CapturedBody(res, res.length, false));
  }
}
