package dev.tokentap.store;

import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Outcome;
import java.util.List;

/**
 * One row of the {@code exchanges} table, every column, in column order. Boxed fields are null
 * where the column is NULL: unknown, never a made-up zero. Texts are redacted.
 *
 * @param id the exchange id
 * @param startedAt when the request arrived, epoch milliseconds UTC
 * @param status the HTTP status the client got; null when it got none
 * @param ttftMs request start to the first generated token (streams only)
 * @param outcome how the exchange ended ({@link Outcome#code()} in the column)
 * @param endpoint the API spoken ({@link Endpoint#code()} in the column)
 * @param credentialFp 12 hex chars identifying the API key used, or null
 * @param upstream the upstream base URL, user info and secret parameters redacted
 * @param conversationId the conversation the exchange is a turn of, empty when none (and on rows
 *     recorded before schema 5)
 * @param turn 1, 2, ... within the conversation; null when in none
 * @param cacheMiss empty, {@code prompt_changed} or {@code not_reused}
 * @param cacheNote why the cache missed, in a sentence; empty when it did not
 * @param cacheLostTokens prompt tokens processed again beyond the turn's new part; null when
 *     unknown
 * @param replayOf the id of the exchange this one replays, or null (not a replay); that exchange
 *     may have been pruned since
 */
public record StoredExchange(
    long id,
    long startedAt,
    String method,
    String path,
    String model,
    Integer status,
    boolean streamed,
    Double ttftMs,
    double durationMs,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double promptTps,
    Double genTps,
    long requestBytes,
    long responseBytes,
    Outcome outcome,
    String error,
    String query,
    Endpoint endpoint,
    String finishReason,
    Double maxGapMs,
    Integer eventCount,
    boolean usageReported,
    String clientAddress,
    String userAgent,
    String credentialFp,
    String upstream,
    String conversationId,
    Integer turn,
    String cacheMiss,
    String cacheNote,
    Long cacheLostTokens,
    Long replayOf)
    implements ExchangeFilter.Fields {

  public StoredExchange {
    conversationId = conversationId == null ? "" : conversationId;
    cacheMiss = cacheMiss == null ? "" : cacheMiss;
    cacheNote = cacheNote == null ? "" : cacheNote;
  }

  /** A row in no conversation (and without a cache verdict), not a replay. */
  public StoredExchange(
      long id,
      long startedAt,
      String method,
      String path,
      String model,
      Integer status,
      boolean streamed,
      Double ttftMs,
      double durationMs,
      Long promptTokens,
      Long cachedTokens,
      Long completionTokens,
      Double promptTps,
      Double genTps,
      long requestBytes,
      long responseBytes,
      Outcome outcome,
      String error,
      String query,
      Endpoint endpoint,
      String finishReason,
      Double maxGapMs,
      Integer eventCount,
      boolean usageReported,
      String clientAddress,
      String userAgent,
      String credentialFp,
      String upstream) {
    this(
        id,
        startedAt,
        method,
        path,
        model,
        status,
        streamed,
        ttftMs,
        durationMs,
        promptTokens,
        cachedTokens,
        completionTokens,
        promptTps,
        genTps,
        requestBytes,
        responseBytes,
        outcome,
        error,
        query,
        endpoint,
        finishReason,
        maxGapMs,
        eventCount,
        usageReported,
        clientAddress,
        userAgent,
        credentialFp,
        upstream,
        "",
        null,
        "",
        "",
        null,
        null);
  }

  /** Whether the prompt cache missed on this turn. */
  public boolean cacheMissed() {
    return !cacheMiss.isEmpty();
  }

  /**
   * The column names of {@code exchanges}, in table (and record) order: a public contract, the CSV
   * export writes them in this order.
   */
  public static final List<String> COLUMNS =
      List.of(
          "id",
          "started_at",
          "method",
          "path",
          "model",
          "status",
          "streamed",
          "ttft_ms",
          "duration_ms",
          "prompt_tokens",
          "cached_tokens",
          "completion_tokens",
          "prompt_tps",
          "gen_tps",
          "request_bytes",
          "response_bytes",
          "outcome",
          "error",
          "query",
          "endpoint",
          "finish_reason",
          "max_gap_ms",
          "event_count",
          "usage_reported",
          "client_address",
          "user_agent",
          "credential_fp",
          "upstream",
          "conversation_id",
          "turn",
          "cache_miss",
          "cache_note",
          "cache_lost_tokens",
          "replay_of");
}
