package dev.tokentap.model;

/**
 * Where one exchange stands in a conversation, and whether its turn lost the prompt cache: what
 * {@link TurnLinker} decides per exchange, written into the exchange's row.
 *
 * @param conversationId the conversation's id, empty when the exchange is in none
 * @param turn 1, 2, ... within the conversation; null when in none
 * @param cacheMiss empty, {@link #PROMPT_CHANGED} or {@link #NOT_REUSED}
 * @param cacheNote the sentence saying why, empty when no miss
 * @param lostTokens prompt tokens processed again beyond the new part of the prompt (what a cache
 *     kept as it could have been would have saved); null when not known (no earlier turn, no cached
 *     count)
 */
public record Turn(
    String conversationId, Integer turn, String cacheMiss, String cacheNote, Long lostTokens) {

  /** The client changed something before the new part of the prompt. */
  public static final String PROMPT_CHANGED = "prompt_changed";

  /** The prompt extended the previous turn, but the server did not reuse it. */
  public static final String NOT_REUSED = "not_reused";

  /** In no conversation. */
  public static final Turn NONE = new Turn("", null, "", "", null);

  public Turn {
    conversationId = conversationId == null ? "" : conversationId;
    cacheMiss = cacheMiss == null ? "" : cacheMiss;
    cacheNote = cacheNote == null ? "" : cacheNote;
  }

  /** A turn without a cache verdict. */
  public static Turn of(String conversationId, int turn) {
    return new Turn(conversationId, turn, "", "", null);
  }

  /** Whether the cache missed on this turn. */
  public boolean missed() {
    return !cacheMiss.isEmpty();
  }
}
