package dev.tokentap.conversation;

/**
 * What the server panel last learned of the model server, as far as a cache miss is concerned.
 *
 * @param slots how many slots (parallel sequences) the server has; null when unknown
 * @param lastRestartMs when TokenTap last saw the server restart or go down (its counters going
 *     back, its probe failing), epoch milliseconds; 0 when never
 */
public record ServerFacts(Integer slots, long lastRestartMs) {

  /** Nothing known: no panel, or it has not read the server yet. */
  public static final ServerFacts UNKNOWN = new ServerFacts(null, 0);
}
