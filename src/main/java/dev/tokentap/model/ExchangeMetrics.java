package dev.tokentap.model;

/**
 * What the metrics parsers learned about one exchange. Every boxed field is null when unknown: a
 * null is "not reported", a zero is a measured zero (DESIGN.md, metric definitions).
 *
 * @param model the model named by the response, else by the request
 * @param finishReason why generation stopped, when the server said
 * @param promptTokens all prompt tokens the model saw, cached ones included
 * @param cachedTokens prompt tokens served from the KV/prompt cache
 * @param completionTokens generated tokens
 * @param promptTps prompt processing speed reported by the server, tokens per second
 * @param genTps generation speed: server-reported, else measured from the stream's token events
 * @param ttftMs request start to the first generated token event (streams only)
 * @param maxGapMs the longest time between two stream events
 * @param eventCount stream events seen (SSE events or NDJSON lines); null when not a stream
 * @param usageReported whether the server reported token usage at all
 */
public record ExchangeMetrics(
    String model,
    String finishReason,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double promptTps,
    Double genTps,
    Double ttftMs,
    Double maxGapMs,
    Integer eventCount,
    boolean usageReported) {

  /** Nothing known. */
  public static final ExchangeMetrics EMPTY =
      new ExchangeMetrics(null, null, null, null, null, null, null, null, null, null, false);
}
