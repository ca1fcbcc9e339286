package dev.tokentap.app;

import dev.tokentap.conversation.ConversationTracker;
import dev.tokentap.conversation.ServerFacts;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.TurnLinker;
import dev.tokentap.server.ServerSnapshot;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Conversations and cache misses: the {@link ConversationTracker} the recorder runs per exchange,
 * and what the Server tab's reads tell it about the model server (its slot count; a restart, seen
 * as the server going down or its {@code /metrics} counters going back). Without a window (no
 * Server tab) the tracker knows neither and says so in its notes.
 */
final class ConversationWiring {

  private final LongSupplier clock;
  private volatile ServerFacts facts = ServerFacts.UNKNOWN;
  private Map<String, Double> lastCounters = Map.of(); // the reads' thread (FX) only

  ConversationWiring() {
    this(System::currentTimeMillis);
  }

  ConversationWiring(LongSupplier clock) {
    this.clock = clock;
  }

  /** A new tracker for a recorder (its state lives on the recorder's thread). */
  TurnLinker linker() {
    return new ConversationTracker(StreamFrames.SPLITTER, () -> facts);
  }

  /** What the server panel knows now. */
  ServerFacts facts() {
    return facts;
  }

  /** One read of the Server tab (on the thread that delivers reads, one at a time). */
  void serverRead(ServerSnapshot s) {
    if (s == null) {
      return;
    }
    ServerFacts was = facts;
    long restart = was.lastRestartMs();
    if (s.kind() == ServerSnapshot.Kind.DOWN || countersWentBack(s.counters())) {
      restart = clock.getAsLong();
    }
    if (!s.counters().isEmpty()) {
      lastCounters = s.counters();
    }
    Integer slots = was.slots();
    if (s.props() != null && s.props().totalSlots() > 0) {
      slots = s.props().totalSlots();
    } else if (!s.slots().isEmpty()) {
      slots = s.slots().size();
    }
    facts = new ServerFacts(slots, restart);
  }

  /** A restarted llama-server counts from zero again: a total lower than the last read's. */
  private boolean countersWentBack(Map<String, Double> now) {
    for (Map.Entry<String, Double> e : now.entrySet()) {
      Double before = lastCounters.get(e.getKey());
      if (e.getKey().endsWith("_total") && before != null && e.getValue() < before) {
        return true;
      }
    }
    return false;
  }
}
