package dev.tokentap.store;

/**
 * The turns whose prompt cache missed in a range, for the dashboard's tile.
 *
 * @param turns turns flagged {@code prompt_changed} or {@code not_reused}
 * @param lostTokens prompt tokens they processed again beyond their new parts
 */
public record CacheMissStats(long turns, long lostTokens) {

  public static final CacheMissStats NONE = new CacheMissStats(0, 0);
}
