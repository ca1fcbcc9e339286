package dev.tokentap.ui.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.server.LlamaProps;
import dev.tokentap.server.OllamaModel;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.server.SlotState;
import dev.tokentap.ui.activity.LiveEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Server tab's logic without the toolkit: when it reads, how often, and what it shows. */
class ServerViewModelTest {

  private static final ServerSnapshot LLAMA =
      new ServerSnapshot(
          ServerSnapshot.Kind.LLAMA_SERVER,
          "http://127.0.0.1:8080/",
          new LlamaProps("/models/tiny.gguf", "tiny", "b1-de3ff81", 4096, 2),
          List.of(
              new SlotState(0, SlotState.Phase.IDLE, 4096, 0, 0, 0, 0, null),
              new SlotState(1, SlotState.Phase.PROMPT, 4096, 1600, 3000, 0, 3000, 2000.0)),
          Map.of("llamacpp:tokens_predicted_total", 1025.0),
          List.of(),
          List.of(),
          null);

  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong clock = new AtomicLong(5_000_000_000L);
  private final Queue<Runnable> worker = new ArrayDeque<>();
  private final ServerViewModel vm =
      new ServerViewModel(
          () -> {
            reads.incrementAndGet();
            return LLAMA;
          },
          worker::add,
          Runnable::run,
          clock::get);

  private void runWorker() {
    while (!worker.isEmpty()) {
      worker.poll().run();
    }
  }

  @Test
  void readsOnlyWhileTheTabIsShown() {
    vm.tick();
    runWorker();
    assertThat(reads).hasValue(0);

    vm.shownProperty().set(true); // reads at once
    runWorker();
    assertThat(reads).hasValue(1);

    vm.shownProperty().set(false);
    clock.addAndGet(1_000_000_000L);
    vm.tick();
    runWorker();
    assertThat(reads).hasValue(1);
  }

  @Test
  void atMostFourReadsASecondAndOneAtATime() {
    vm.shownProperty().set(true);
    vm.tick(); // the first read still runs
    assertThat(worker).hasSize(1);
    runWorker();
    for (int i = 0; i < 40; i++) { // a tick every 25 ms for a second
      clock.addAndGet(25_000_000L);
      vm.tick();
      runWorker();
    }
    assertThat(reads.get()).isBetween(4, 5);
  }

  @Test
  void readsWhileExchangesRunEvenWithTheTabHidden() {
    vm.apply(List.of(new LiveEvent.Started(new Running())));
    runWorker();
    assertThat(reads).hasValue(1);
    assertThat(vm.inFlight()).isEqualTo(1);
  }

  @Test
  void neverWhenTurnedOff() {
    vm.enabledProperty().set(false);
    vm.shownProperty().set(true);
    vm.apply(List.of(new LiveEvent.Started(new Running())));
    clock.addAndGet(1_000_000_000L);
    vm.tick();
    runWorker();

    assertThat(reads).hasValue(0);
    assertThat(vm.headlineProperty().get()).isEqualTo(ServerViewModel.OFF);

    vm.enabledProperty().set(true); // back on: reads at once (the tab is shown)
    runWorker();
    assertThat(reads).hasValue(1);
  }

  @Test
  void showsTheSlotsAndFiguresOfLlamaServer() {
    vm.shownProperty().set(true);
    runWorker();

    assertThat(vm.headlineProperty().get())
        .isEqualTo(
            "llama-server at http://127.0.0.1:8080/ · build b1-de3ff81 · tiny"
                + " (/models/tiny.gguf) · n_ctx 4,096 · 2 slots");
    assertThat(vm.slots())
        .containsExactly(
            new ServerLines.SlotRow("0", "idle", "—", "— of 4,096"),
            new ServerLines.SlotRow(
                "1",
                "processing the prompt: 1,600 of 3,000 tokens (53%)",
                "2000.0 tok/s",
                "3,000 of 4,096"));
    assertThat(vm.figures())
        .containsExactly(new ServerLines.Figure("tokens_predicted_total", "1,025"));
    assertThat(vm.noteProperty().get()).isNull();
  }

  @Test
  void generatingOllamaAndNothingInWords() {
    assertThat(
            ServerLines.slot(
                new SlotState(2, SlotState.Phase.GENERATING, 4096, 2503, 2503, 266, 2769, 139.1)))
        .isEqualTo(
            new ServerLines.SlotRow(
                "2", "generating: 266 tokens", "139.1 tok/s", "2,769 of 4,096"));
    ServerSnapshot ollama =
        new ServerSnapshot(
            ServerSnapshot.Kind.OLLAMA,
            "http://127.0.0.1:11434/",
            null,
            List.of(),
            Map.of(),
            List.of(new OllamaModel("qwen3:8b", 6L << 30, 5L << 30, "2026-12-05T00:30:00Z")),
            List.of(),
            null);
    assertThat(ServerLines.headline(ollama))
        .isEqualTo("Ollama at http://127.0.0.1:11434/: 1 model loaded");
    assertThat(ServerLines.figures(ollama))
        .singleElement()
        .extracting(ServerLines.Figure::value)
        .asString()
        .contains("in VRAM")
        .endsWith("unloads at 2026-12-05T00:30:00Z");
  }

  /** A running exchange, as the feed reports it. */
  private static final class Running implements InFlightExchange {
    @Override
    public long id() {
      return 1;
    }

    @Override
    public long startedAtMs() {
      return 0;
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/completion";
    }

    @Override
    public String userAgent() {
      return "test";
    }

    @Override
    public String clientAddress() {
      return "127.0.0.1:1";
    }

    @Override
    public long requestBytes() {
      return 0;
    }

    @Override
    public long responseBytes() {
      return 0;
    }

    @Override
    public int status() {
      return 0;
    }

    @Override
    public ExchangeMetrics metricsSoFar() {
      return null;
    }

    @Override
    public void cancel() {}
  }
}
