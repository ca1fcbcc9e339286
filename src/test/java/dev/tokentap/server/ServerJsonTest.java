package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The status parsers on the literal bytes a real llama-server sent (and Ollama's documented shape).
 */
class ServerJsonTest {

  private static byte[] body(String fixture) {
    return Fixture.load(fixture).responseBody();
  }

  @Test
  void slotsOfARealLlamaServer() {
    List<LlamaSlot> slots = ServerJson.slots(body("get_slots_after"));

    assertThat(slots).hasSize(4);
    assertThat(slots).extracting(LlamaSlot::id).containsExactly(0, 1, 2, 3);
    assertThat(slots).allSatisfy(s -> assertThat(s.nCtx()).isEqualTo(4096));
    assertThat(slots).noneMatch(LlamaSlot::processing);
    assertThat(slots.get(0).task()).isEqualTo(547);
    assertThat(slots.get(0).decoded()).isZero();
  }

  @Test
  void propsOfARealLlamaServer() {
    LlamaProps props = ServerJson.props(body("get_props"));

    assertThat(props).isEqualTo(new LlamaProps("/models/tiny.gguf", "tiny", "b1-de3ff81", 4096, 4));
  }

  @Test
  void countersOfARealLlamaServer() {
    Map<String, Double> counters = ServerJson.counters(body("get_metrics_after"));

    assertThat(counters)
        .containsEntry("llamacpp:prompt_tokens_total", 459.0)
        .containsEntry("llamacpp:tokens_predicted_total", 1025.0)
        .containsEntry("llamacpp:predicted_tokens_seconds", 36.0245)
        .containsEntry("llamacpp:requests_processing", 0.0)
        .hasSize(15);
    assertThat(counters.keySet()).first().isEqualTo("llamacpp:prompt_tokens_total");
  }

  @Test
  void countersWithLabelsAndTimestamps() {
    byte[] text =
        "# HELP x y\nup 1 1700000000000\nreq_total{path=\"/a b\",code=\"200\"} 3\nbad line\n"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(ServerJson.counters(text))
        .containsExactly(
            Map.entry("up", 1.0), Map.entry("req_total{path=\"/a b\",code=\"200\"}", 3.0));
  }

  @Test
  void modelsOfARealLlamaServer() {
    assertThat(ServerJson.modelIds(body("get_v1_models"))).containsExactly("tiny");
  }

  @Test
  void ollamasLoadedModels() {
    byte[] ps =
        """
        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":3619546112,
        "digest":"a80c4f17","details":{"format":"gguf"},"expires_at":"2026-12-05T00:10:00Z",
        "size_vram":2147483648}]}
        """
            .getBytes(StandardCharsets.UTF_8);

    assertThat(ServerJson.ollamaLoaded(ps))
        .containsExactly(
            new OllamaModel("llama3.2:latest", 3619546112L, 2147483648L, "2026-12-05T00:10:00Z"));
  }

  @Test
  void otherAnswersAreNotTakenForThese() {
    byte[] health = body("get_health");
    byte[] torn = "[{\"id\":0,\"is_proc".getBytes(StandardCharsets.UTF_8);

    assertThat(ServerJson.slots(health)).isNull();
    assertThat(ServerJson.slots(torn)).isNull();
    assertThat(ServerJson.slots(new byte[0])).isNull();
    assertThat(ServerJson.props(health)).isNull();
    assertThat(ServerJson.props(body("get_slots_after"))).isNull();
    assertThat(ServerJson.ollamaLoaded(body("get_props"))).isNull();
    assertThat(ServerJson.modelIds(health)).isNull();
    assertThat(ServerJson.counters("<html>nope</html>".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
