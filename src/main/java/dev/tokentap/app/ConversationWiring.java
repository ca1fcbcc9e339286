package dev.tokentap.app;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.conversation.ConversationTracker;
import dev.tokentap.conversation.ServerFacts;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.TurnInput;
import dev.tokentap.model.TurnLinker;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoreException;
import dev.tokentap.store.StoredExchange;
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

  /**
   * A new tracker seeded from {@code store}: the newest turn of each conversation continued in the
   * last {@link #SEED_HOURS} hours (at most 512), read with its capture, so that a conversation
   * goes on after TokenTap restarts. Call before the recorder starts; a store that cannot be read
   * leaves the tracker empty.
   */
  TurnLinker linker(ExchangeStore store) {
    ConversationTracker tracker = new ConversationTracker(StreamFrames.SPLITTER, () -> facts);
    try {
      long since = clock.getAsLong() - SEED_HOURS * 3_600_000L;
      for (StoredExchange t : store.newestTurns(since, 512)) {
        Capture c = store.capture(t.id()).orElse(null);
        if (c != null && t.turn() != null) {
          tracker.seed(input(t, c), t.conversationId(), t.turn());
        }
      }
    } catch (StoreException e) {
      // start without: new turns start new conversations, as they would without a history
    }
    return tracker;
  }

  /** Conversations continued within this many hours go on after a restart. */
  static final long SEED_HOURS = 6;

  private static TurnInput input(StoredExchange t, Capture c) {
    return new TurnInput(
        t.id(),
        t.startedAt(),
        t.endpoint(),
        t.upstream(),
        t.status() == null ? 0 : t.status(),
        c.requestHeaders(),
        decoded(c.request()),
        decoded(c.response()),
        new ExchangeMetrics(
            t.model(),
            t.finishReason(),
            t.promptTokens(),
            t.cachedTokens(),
            t.completionTokens(),
            t.promptTps(),
            t.genTps(),
            t.ttftMs(),
            t.maxGapMs(),
            t.eventCount(),
            t.usageReported()));
  }

  private static byte[] decoded(CaptureBody b) {
    return b == null || !b.decoded() ? null : b.bytes();
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
