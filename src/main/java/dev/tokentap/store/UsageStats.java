package dev.tokentap.store;

/**
 * The exchanges of one group (a model, an endpoint, a client, a day or an hour; or all of them) in
 * a range: what {@code tokentap stats} prints per row. Boxed figures are null when no exchange of
 * the group reported the value. Medians and p90s come from the rollups' distributions, within ±1 %
 * of the exact figures ({@link ExchangeStore#readsRollups}).
 *
 * @param group what the row is: the model ({@code null} for exchanges without one), the endpoint
 *     code, the client as {@code user agent, address, key fingerprint}, the period's start as
 *     ISO-8601 local date or date-hour; {@code "all"} for the total
 * @param userAgent for a client row: its user agent (else null)
 * @param address for a client row: its IP address (else null)
 * @param credentialFp for a client row: its credential fingerprint (else null)
 * @param periodStart for a day or hour row: its start, epoch ms (else null)
 * @param requests how many exchanges
 * @param errors exchanges whose outcome is not {@code ok}
 * @param promptTokens the sum of the known prompt tokens (cached ones included)
 * @param cachedTokens the sum of the known cached tokens
 * @param completionTokens the sum of the known generated tokens
 * @param cacheHitRate cached ÷ prompt tokens over the exchanges that reported both
 * @param medianGenTps the median generation speed, tokens/s
 * @param p90GenTps the 90th percentile generation speed
 * @param medianTtftMs the median time to first token, ms
 * @param p90TtftMs the 90th percentile time to first token
 * @param usageMissing successful generating exchanges whose server reported no usage
 */
public record UsageStats(
    String group,
    String userAgent,
    String address,
    String credentialFp,
    Long periodStart,
    long requests,
    long errors,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double cacheHitRate,
    Double medianGenTps,
    Double p90GenTps,
    Double medianTtftMs,
    Double p90TtftMs,
    long usageMissing) {

  /** What the rows are grouped by. */
  public enum By {
    /** One row: everything the filter takes. */
    ALL,
    MODEL,
    ENDPOINT,
    CLIENT,
    DAY,
    HOUR
  }
}
