package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.server.LlamaProps;
import dev.tokentap.server.ServerSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the Server tab's reads tell the conversation tracker: slots and restarts. */
class ConversationWiringTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final ConversationWiring wiring = new ConversationWiring(now::get);

  private static ServerSnapshot llama(int slots, double promptTotal) {
    return new ServerSnapshot(
        ServerSnapshot.Kind.LLAMA_SERVER,
        "http://127.0.0.1:8080",
        new LlamaProps("tiny.gguf", "tiny", "b1", 4096, slots),
        List.of(),
        Map.of("llamacpp:prompt_tokens_total", promptTotal),
        List.of(),
        List.of(),
        null);
  }

  @Test
  void slotsComeFromProps() {
    wiring.serverRead(llama(4, 10));
    assertThat(wiring.facts().slots()).isEqualTo(4);
    assertThat(wiring.facts().lastRestartMs()).isZero();
  }

  @Test
  void countersGoingBackAreARestart() {
    wiring.serverRead(llama(1, 500));
    now.set(2_000);
    wiring.serverRead(llama(1, 700));
    assertThat(wiring.facts().lastRestartMs()).isZero();
    now.set(3_000);
    wiring.serverRead(llama(1, 20));
    assertThat(wiring.facts().lastRestartMs()).isEqualTo(3_000);
  }

  @Test
  void aServerSeenDownIsARestartAndKeepsWhatWasKnown() {
    wiring.serverRead(llama(2, 5));
    now.set(5_000);
    wiring.serverRead(
        new ServerSnapshot(
            ServerSnapshot.Kind.DOWN,
            "x",
            null,
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            "down"));
    assertThat(wiring.facts().lastRestartMs()).isEqualTo(5_000);
    assertThat(wiring.facts().slots()).isEqualTo(2);
  }
}
