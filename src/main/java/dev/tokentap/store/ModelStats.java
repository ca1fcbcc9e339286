package dev.tokentap.store;

/**
 * The exchanges of one model in a range: a row of the dashboard's per-model table. Boxed fields are
 * null when no exchange of the model reported the value.
 *
 * @param model the {@code model} column; null for exchanges without one (shown as no model)
 * @param requests how many exchanges
 * @param promptTokens the sum of the known {@code prompt_tokens}
 * @param cachedTokens the sum of the known {@code cached_tokens}
 * @param completionTokens the sum of the known {@code completion_tokens}
 * @param medianGenTps the median {@code gen_tps} of its exchanges that have one
 * @param cacheHitRate cached ÷ prompt tokens over its exchanges that reported both, as in {@link
 *     RangeStats#cacheHitRate()}
 * @param genTps how its {@code gen_tps} values spread (empty when none had one)
 */
public record ModelStats(
    String model,
    long requests,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double medianGenTps,
    Double cacheHitRate,
    ValueHistogram genTps) {

  /** A row without the spread of its speeds. */
  public ModelStats(
      String model,
      long requests,
      Long promptTokens,
      Long cachedTokens,
      Long completionTokens,
      Double medianGenTps,
      Double cacheHitRate) {
    this(
        model,
        requests,
        promptTokens,
        cachedTokens,
        completionTokens,
        medianGenTps,
        cacheHitRate,
        ValueHistogram.EMPTY);
  }
}
