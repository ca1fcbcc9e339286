package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A slot's phase and speed, from two successive reads of /slots. */
class SlotStateTest {

  private static LlamaSlot slot(
      long task, boolean processing, long prompt, long processed, long cached, long decoded) {
    return new LlamaSlot(0, task, 4096, processing, prompt, processed, cached, decoded);
  }

  @Test
  void idle() {
    SlotState s = SlotState.of(slot(5, false, 300, 300, 0, 8), null, 0);

    assertThat(s.phase()).isEqualTo(SlotState.Phase.IDLE);
    assertThat(s.contextUsed()).isZero();
    assertThat(s.tokensPerSecond()).isNull();
  }

  @Test
  void processingThePromptWithItsSpeed() {
    LlamaSlot before = slot(7, true, 2048, 500, 100, 0);
    LlamaSlot now = slot(7, true, 3000, 1500, 100, 0);

    SlotState s = SlotState.of(now, before, 0.5);

    assertThat(s.phase()).isEqualTo(SlotState.Phase.PROMPT);
    assertThat(s.promptDone()).isEqualTo(1600);
    assertThat(s.promptTotal()).isEqualTo(3000);
    assertThat(s.promptPercent()).isCloseTo(53.3, within(0.1));
    assertThat(s.tokensPerSecond()).isEqualTo(2000.0);
    assertThat(s.contextUsed()).isEqualTo(3000);
  }

  @Test
  void generatingWithItsSpeed() {
    // as llama-server shows it: n_prompt_tokens grows with the generated tokens
    LlamaSlot before = slot(7, true, 3039, 2900, 100, 40);
    LlamaSlot now = slot(7, true, 3089, 2900, 100, 90);

    SlotState s = SlotState.of(now, before, 0.25);

    assertThat(s.phase()).isEqualTo(SlotState.Phase.GENERATING);
    assertThat(s.generated()).isEqualTo(90);
    assertThat(s.promptDone()).isEqualTo(3000);
    assertThat(s.promptTotal()).isEqualTo(3000);
    assertThat(s.tokensPerSecond()).isEqualTo(200.0);
    assertThat(s.contextUsed()).isEqualTo(3090);
  }

  @Test
  void aPromptWhoseFirstBatchIsStillBeingEvaluated() {
    SlotState s = SlotState.of(slot(9, true, 2048, 0, 0, 0), null, 0);

    assertThat(s.phase()).isEqualTo(SlotState.Phase.PROMPT);
    assertThat(s.promptDone()).isZero();
    assertThat(s.promptTotal()).isEqualTo(2048);
    assertThat(s.promptPercent()).isZero();
  }

  @Test
  void noSpeedAcrossTasksOrWithoutAnEarlierRead() {
    assertThat(SlotState.of(slot(8, true, 100, 10, 0, 0), slot(7, true, 100, 90, 0, 5), 0.25))
        .extracting(SlotState::tokensPerSecond)
        .isNull();
    assertThat(SlotState.of(List.of(slot(8, true, 100, 10, 0, 0)), List.of(), 0.25))
        .singleElement()
        .extracting(SlotState::tokensPerSecond)
        .isNull();
  }
}
