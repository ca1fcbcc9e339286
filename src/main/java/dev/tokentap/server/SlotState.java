package dev.tokentap.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a llama-server slot is doing, for the Server tab: idle, processing the prompt (n of m
 * tokens, %, tok/s) or generating (tokens so far, tok/s). Rates come from two successive reads of
 * the same task; null when there is no earlier read to compare with.
 *
 * @param promptDone prompt tokens done (cached plus evaluated), at most {@code promptTotal}
 * @param promptTotal the prompt's tokens as far as the server has shown them: while it reads the
 *     prompt, llama-server shows only the tokens queued so far, so this may grow; once it
 *     generates, the prompt's size
 * @param contextUsed prompt plus generated tokens of the running task; 0 when idle
 * @param tokensPerSecond prompt or generation speed between the last two reads, or null
 */
public record SlotState(
    int id,
    Phase phase,
    int nCtx,
    long promptDone,
    long promptTotal,
    long generated,
    long contextUsed,
    Double tokensPerSecond) {

  /** A slot's phase. */
  public enum Phase {
    IDLE,
    PROMPT,
    GENERATING
  }

  /** Percent of the prompt done (0-100); 0 when the prompt's size is not known. */
  public double promptPercent() {
    return promptTotal <= 0 ? 0 : 100.0 * promptDone / promptTotal;
  }

  /**
   * The state of one slot now, {@code before} being the same slot's previous read (or null).
   *
   * <p>As a real llama-server (b1-de3ff81) shows it: while the prompt is read, {@code
   * n_prompt_tokens} is what has been queued so far (it grows batch by batch, 2048 tokens at a
   * time) and {@code n_prompt_tokens_processed} what has been evaluated; once it generates, {@code
   * n_decoded} counts up and {@code n_prompt_tokens} grows with the generated tokens, while cached
   * plus processed stays the prompt's size.
   */
  static SlotState of(LlamaSlot now, LlamaSlot before, double secondsBetween) {
    if (!now.processing()) {
      return new SlotState(now.id(), Phase.IDLE, now.nCtx(), 0, 0, 0, 0, null);
    }
    long read = now.promptCached() + now.promptProcessed();
    boolean generating = now.decoded() > 0;
    long total = generating ? read : Math.max(read, now.promptTokens());
    boolean sameTask =
        before != null && before.processing() && before.task() == now.task() && secondsBetween > 0;
    Double rate = null;
    if (sameTask) {
      long delta =
          generating
              ? now.decoded() - before.decoded()
              : read - (before.promptCached() + before.promptProcessed());
      if (delta >= 0) {
        rate = delta / secondsBetween;
      }
    }
    return new SlotState(
        now.id(),
        generating ? Phase.GENERATING : Phase.PROMPT,
        now.nCtx(),
        read,
        total,
        now.decoded(),
        total + now.decoded(),
        rate);
  }

  /** The states of {@code now}'s slots, comparing with {@code before} (a read that many s ago). */
  static List<SlotState> of(List<LlamaSlot> now, List<LlamaSlot> before, double secondsBetween) {
    Map<Integer, LlamaSlot> earlier = new HashMap<>();
    for (LlamaSlot s : before) {
      earlier.put(s.id(), s);
    }
    return now.stream().map(s -> of(s, earlier.get(s.id()), secondsBetween)).toList();
  }
}
