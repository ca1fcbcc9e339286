package dev.tokentap.replay;

import dev.tokentap.model.Exchange;

/**
 * What a replay did: the exchange sent, and both sides as stored.
 *
 * @param sent the exchange as measured (before redaction; never shown as it is, it may hold the
 *     credential)
 * @param original the original as stored, with its answer
 * @param replay the replay as stored, with its answer; null when it did not reach the store
 *     (recording paused, or the recorder dropped it: {@link #problem} says so)
 * @param problem what kept the replay from being stored, or null
 */
public record ReplayResult(Exchange sent, ReplaySide original, ReplaySide replay, String problem) {

  /** The new exchange's id. */
  public long id() {
    return sent.id();
  }
}
