package dev.tokentap.ui.activity;

import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.server.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The model server's latest read as the activity table uses it: the context size per slot for the
 * Context column, and the slots matched with running lines. FX thread only.
 */
final class ServerSlots {

  private final ReadOnlyIntegerWrapper contextSize =
      new ReadOnlyIntegerWrapper(this, "contextSize");
  private List<SlotState> slots = List.of();

  /** The Server tab's latest read; null when there is none or the reads are off. */
  void read(ServerSnapshot s) {
    slots = s == null ? List.of() : s.slots();
    contextSize.set(contextSizeOf(s));
  }

  /** The model server's context per slot ({@code n_ctx}); 0 while not known. */
  ReadOnlyIntegerProperty contextSizeProperty() {
    return contextSize.getReadOnlyProperty();
  }

  static int contextSizeOf(ServerSnapshot s) {
    if (s == null) {
      return 0;
    }
    for (SlotState slot : s.slots()) {
      if (slot.nCtx() > 0) {
        return slot.nCtx();
      }
    }
    return s.props() == null ? 0 : Math.max(0, s.props().nCtx());
  }

  /** {@code r}'s prompt plus generated tokens over {@code n_ctx}, in percent; null if unknown. */
  Double contextPercent(ActivityRow r) {
    Long tokens = r.contextTokens();
    int n = contextSize.get();
    return tokens == null || n <= 0 ? null : 100.0 * tokens / n;
  }

  /**
   * Gives running lines ({@code fresh}, by any key) their slot. llama-server's slots do not name
   * their request, so a slot is matched with a running line only when it is the only slot in its
   * phase and the line the only running one in that phase.
   */
  <K> void match(Map<K, ActivityRow> fresh) {
    match(fresh, ActivityRow.Phase.PROMPT, SlotState.Phase.PROMPT);
    match(fresh, ActivityRow.Phase.GENERATING, SlotState.Phase.GENERATING);
  }

  private <K> void match(
      Map<K, ActivityRow> fresh, ActivityRow.Phase phase, SlotState.Phase slotPhase) {
    List<SlotState> inPhase = slots.stream().filter(s -> s.phase() == slotPhase).toList();
    List<K> lines = new ArrayList<>();
    fresh.forEach(
        (k, r) -> {
          if (r.phase() == phase) {
            lines.add(k);
          }
        });
    if (inPhase.size() == 1 && lines.size() == 1) {
      K k = lines.getFirst();
      fresh.put(k, fresh.get(k).withSlot(inPhase.getFirst()));
    }
  }
}
