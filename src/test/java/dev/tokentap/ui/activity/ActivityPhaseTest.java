package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Outcome;
import dev.tokentap.model.PromptProgress;
import dev.tokentap.server.LlamaProps;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.server.SlotState;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running line's phase (waiting, prompt, generating), its match with a llama-server slot, and
 * every line's context %, without the toolkit.
 */
class ActivityPhaseTest {

  private ExchangeStore store;
  private ActivityViewModel vm;
  private final List<Runnable> fxQueue = new ArrayList<>();

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    SyntheticStore.create(dir, 0);
    store = ExchangeStore.open(dir);
    vm = new ActivityViewModel(store, Runnable::run, fxQueue::add, () -> SyntheticStore.T0);
    vm.start();
    runFx();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private void runFx() {
    while (!fxQueue.isEmpty()) {
      fxQueue.removeFirst().run();
    }
  }

  private static ServerSnapshot llama(SlotState... slots) {
    return new ServerSnapshot(
        ServerSnapshot.Kind.LLAMA_SERVER,
        "http://127.0.0.1:8080/",
        new LlamaProps("/models/tiny.gguf", "tiny", "b1", 4096, slots.length),
        List.of(slots),
        Map.of(),
        List.of(),
        List.of(),
        null);
  }

  private static SlotState idle(int id) {
    return new SlotState(id, SlotState.Phase.IDLE, 4096, 0, 0, 0, 0, null);
  }

  private static SlotState prompt(int id, long done, long total) {
    return new SlotState(id, SlotState.Phase.PROMPT, 4096, done, total, 0, total, null);
  }

  private ActivityRow rowOf(long id) {
    for (ActivityItem item : vm.rows()) {
      if (item.row().id() == id) {
        return item.row();
      }
    }
    throw new AssertionError("no row " + id);
  }

  @Test
  void aRunningLineIsFilteredByTheRuleTheStoredRowsFollow() {
    vm.textProperty().set("OPENCODE"); // its user agent: the SQL filter takes it once stored
    runFx();
    vm.apply(List.of(new LiveEvent.Started(new Running(1))));
    assertThat(vm.rows()).extracting(i -> i.row().id()).containsExactly(1L);

    vm.textProperty().set("127.0.0.1:1"); // its address, likewise
    runFx();
    vm.apply(List.of(new LiveEvent.Started(new Running(2))));
    assertThat(vm.rows()).extracting(i -> i.row().id()).contains(2L);

    vm.textProperty().set("");
    vm.errorsOnlyProperty().set(true); // a running exchange has not failed (yet)
    runFx();
    vm.apply(List.of(new LiveEvent.Started(new Running(3))));
    assertThat(vm.rows()).isEmpty();
  }

  @Test
  void aRunningLineGoesFromWaitingToPromptToGenerating() {
    Running x = new Running(1);
    vm.apply(List.of(new LiveEvent.Started(x)));
    assertThat(rowOf(1).phase()).isEqualTo(ActivityRow.Phase.WAITING);
    assertThat(StatusText.of(rowOf(1))).isEqualTo("waiting…");

    x.status = 200; // headers: the server reads the prompt, nothing generated yet
    vm.tick();
    assertThat(rowOf(1).phase()).isEqualTo(ActivityRow.Phase.PROMPT);
    assertThat(StatusText.promptText(rowOf(1))).isEqualTo("prompt…");

    x.responseBytes = 40;
    x.metrics = metrics(null, 3L, 250.0);
    vm.tick();
    assertThat(rowOf(1).phase()).isEqualTo(ActivityRow.Phase.GENERATING);
    assertThat(rowOf(1).completionTokens()).isEqualTo(3);
    assertThat(StatusText.of(rowOf(1))).isEqualTo("200 generating 3 tok");
  }

  @Test
  void theOnlyPromptSlotIsMatchedWithTheOnlyLineReadingItsPrompt() {
    Running x = new Running(1);
    x.status = 200;
    vm.apply(List.of(new LiveEvent.Started(x)));
    vm.serverRead(llama(idle(0), prompt(1, 1600, 3000)));

    ActivityRow r = rowOf(1);
    assertThat(r.slot()).isNotNull();
    assertThat(StatusText.promptText(r)).isEqualTo("prompt 1,600/3,000 (53%)");
    assertThat(r.contextTokens()).isEqualTo(3000);
    assertThat(vm.contextPercent(r)).isCloseTo(100.0 * 3000 / 4096, within(1e-9));
  }

  @Test
  void aStreamsOwnPromptProgressIsShownWithoutASlot() {
    Running x = new Running(1);
    x.status = 200;
    x.responseBytes = 300;
    x.progress = new PromptProgress(1600, 3000, 0);
    vm.apply(List.of(new LiveEvent.Started(x)));
    vm.serverRead(llama(prompt(0, 10, 100), prompt(1, 20, 200))); // ambiguous: no slot matched
    ActivityRow r = rowOf(1);
    assertThat(r.slot()).isNull();
    assertThat(StatusText.of(r)).isEqualTo("200 prompt 1,600/3,000 (53%)");
    assertThat(r.contextTokens()).as("the prompt's size, nothing generated yet").isEqualTo(3000);
  }

  @Test
  void noMatchWhenItIsAmbiguous() {
    Running a = new Running(1);
    Running b = new Running(2);
    a.status = 200;
    b.status = 200;
    vm.apply(List.of(new LiveEvent.Started(a), new LiveEvent.Started(b)));
    vm.serverRead(llama(idle(0), prompt(1, 1600, 3000)));
    assertThat(rowOf(1).slot()).isNull();
    assertThat(rowOf(2).slot()).isNull();
    assertThat(vm.contextPercent(rowOf(1))).isNull(); // running, not matched: not known

    b.metrics = metrics(null, 2L, 300.0); // b generates: a is the only line reading a prompt
    vm.serverRead(llama(prompt(0, 10, 100), prompt(1, 1600, 3000)));
    assertThat(rowOf(1).slot()).as("two slots read a prompt").isNull();

    vm.serverRead(llama(idle(0), prompt(1, 1600, 3000)));
    assertThat(rowOf(1).slot()).isNotNull();
    assertThat(rowOf(2).slot()).as("no slot generates").isNull();
  }

  @Test
  void aStoredLinesContextIsItsPromptPlusGeneratedOverNCtx() {
    ActivityRow stored = ActivityRow.of(stored(3000L, 700L));
    assertThat(vm.contextPercent(stored)).as("n_ctx not known yet").isNull();

    vm.serverRead(llama(idle(0)));
    assertThat(vm.contextSizeProperty().get()).isEqualTo(4096);
    assertThat(vm.contextPercent(stored)).isCloseTo(100.0 * 3700 / 4096, within(1e-9));
    assertThat(vm.contextPercent(ActivityRow.of(stored(null, 5L)))).isNull();
    assertThat(vm.contextPercent(ActivityRow.of(stored(100L, null))))
        .isCloseTo(100.0 * 100 / 4096, within(1e-9));

    vm.serverRead(null); // the reads were turned off
    assertThat(vm.contextPercent(stored)).isNull();
  }

  @Test
  void theContextSizeComesFromPropsWhenNoSlotShowsIt() {
    vm.serverRead(llama());
    assertThat(vm.contextSizeProperty().get()).isEqualTo(4096);
    assertThat(ServerSlots.contextSizeOf(null)).isZero();
  }

  private static StoredExchange stored(Long prompt, Long completion) {
    return new StoredExchange(
        7,
        SyntheticStore.T0,
        "POST",
        "/v1/chat/completions",
        "tiny",
        200,
        false,
        null,
        900,
        prompt,
        null,
        completion,
        null,
        null,
        100,
        100,
        Outcome.OK,
        null,
        null,
        Endpoint.CHAT_COMPLETIONS,
        null,
        null,
        null,
        prompt != null,
        null,
        null,
        null,
        null);
  }

  private static ExchangeMetrics metrics(Long prompt, Long completion, Double ttftMs) {
    return new ExchangeMetrics(
        "tiny", null, prompt, null, completion, null, null, ttftMs, null, 1, false);
  }

  /** A running exchange whose figures the test moves on. */
  private static final class Running implements InFlightExchange {
    private final long id;
    volatile int status;
    volatile long responseBytes;
    volatile ExchangeMetrics metrics = ExchangeMetrics.EMPTY;
    volatile PromptProgress progress;

    Running(long id) {
      this.id = id;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public long startedAtMs() {
      return SyntheticStore.T0;
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/v1/chat/completions";
    }

    @Override
    public String userAgent() {
      return "opencode/1.2";
    }

    @Override
    public String clientAddress() {
      return "127.0.0.1:1";
    }

    @Override
    public long requestBytes() {
      return 100;
    }

    @Override
    public long responseBytes() {
      return responseBytes;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public ExchangeMetrics metricsSoFar() {
      return metrics;
    }

    @Override
    public PromptProgress promptProgress() {
      return progress;
    }

    @Override
    public void cancel() {}
  }
}
