package dev.tokentap.store;

/**
 * The dashboard's summary tiles for the exchanges a filter takes. Boxed fields are null when no
 * exchange in the range reported the value: unknown, never a made-up zero.
 *
 * @param requests how many exchanges
 * @param errors exchanges whose outcome is not {@code ok}
 * @param promptTokens the sum of the known {@code prompt_tokens}
 * @param cachedTokens the sum of the known {@code cached_tokens}
 * @param completionTokens the sum of the known {@code completion_tokens}
 * @param cacheHitRate cached ÷ prompt tokens over the exchanges that reported both (0..1); null
 *     when none did, or when their prompt tokens add up to 0
 * @param medianGenTps the median {@code gen_tps} of the exchanges that have one
 * @param p90GenTps the 90th percentile of {@code gen_tps} (linear interpolation between the two
 *     nearest ranks, as {@code PERCENTILE.INC} or numpy's default)
 * @param medianTtftMs the median {@code ttft_ms} of the exchanges that have one
 * @param usageMissing successful ({@code ok}) exchanges of generating endpoints ({@link
 *     dev.tokentap.model.Endpoint#generates()}) whose server reported no token usage: the UI flags
 *     them rather than counting them as zero tokens
 * @param firstStartedAt the earliest {@code started_at} in the range (epoch ms), null when empty
 * @param lastStartedAt the latest {@code started_at} in the range (epoch ms), null when empty
 */
public record RangeStats(
    long requests,
    long errors,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double cacheHitRate,
    Double medianGenTps,
    Double p90GenTps,
    Double medianTtftMs,
    long usageMissing,
    Long firstStartedAt,
    Long lastStartedAt) {}
