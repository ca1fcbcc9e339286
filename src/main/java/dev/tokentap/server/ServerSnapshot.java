package dev.tokentap.server;

import java.util.List;
import java.util.Map;

/**
 * One read of the model server, for the Server tab: what kind of server answered and its figures.
 * Immutable; made on a worker by {@link ServerProbe}, shown on the FX thread.
 *
 * @param kind what answered
 * @param server where (its URL without user info)
 * @param props llama-server's {@code /props}, or null
 * @param slots llama-server's slots (empty when {@code /slots} does not answer)
 * @param counters llama-server's {@code /metrics}, by name in its order (empty when off)
 * @param loaded Ollama's loaded models ({@code /api/ps})
 * @param models the model ids of {@code /v1/models}
 * @param note a plain sentence when something the tab would show is missing, else null
 */
public record ServerSnapshot(
    Kind kind,
    String server,
    LlamaProps props,
    List<SlotState> slots,
    Map<String, Double> counters,
    List<OllamaModel> loaded,
    List<String> models,
    String note) {

  /** What kind of server answered. */
  public enum Kind {
    LLAMA_SERVER,
    OLLAMA,
    OPENAI_COMPATIBLE,
    /** Answers HTTP, but none of the paths the tab reads. */
    UNKNOWN,
    /** Nothing answers at all. */
    DOWN
  }

  public ServerSnapshot {
    slots = List.copyOf(slots);
    counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    loaded = List.copyOf(loaded);
    models = List.copyOf(models);
  }

  /** A server that showed nothing the tab reads, with a sentence saying so. */
  static ServerSnapshot nothing(Kind kind, String server, String note) {
    return new ServerSnapshot(kind, server, null, List.of(), Map.of(), List.of(), List.of(), note);
  }

  /** True when a slot is processing the prompt or generating. */
  public boolean busy() {
    return slots.stream().anyMatch(s -> s.phase() != SlotState.Phase.IDLE);
  }
}
