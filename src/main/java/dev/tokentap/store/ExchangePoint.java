package dev.tokentap.store;

/**
 * One exchange as a point on a chart: its time and the figures the charts plot. Boxed fields are
 * null when not reported.
 *
 * @param id the exchange's id (a click on the point opens it)
 * @param startedAt when it started, epoch ms
 * @param model its model, or null
 * @param promptTokens all prompt tokens, cached ones included
 * @param cachedTokens prompt tokens served from the cache
 * @param ttftMs time to first token
 * @param genTps generation speed
 * @param promptTps prompt processing speed
 */
public record ExchangePoint(
    long id,
    long startedAt,
    String model,
    Long promptTokens,
    Long cachedTokens,
    Double ttftMs,
    Double genTps,
    Double promptTps) {

  /** Whether the server took most of the prompt from its cache (half or more of it). */
  public boolean mostlyCached() {
    return promptTokens != null
        && cachedTokens != null
        && promptTokens > 0
        && cachedTokens * 2 >= promptTokens;
  }
}
