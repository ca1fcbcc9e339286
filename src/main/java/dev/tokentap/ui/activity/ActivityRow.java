package dev.tokentap.ui.activity;

import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Outcome;
import dev.tokentap.model.PromptProgress;
import dev.tokentap.model.Turn;
import dev.tokentap.server.SlotState;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.StoredExchange;

/**
 * What one line of the activity table shows: a stored exchange, a running one (its figures so far)
 * or one that just ended and is on its way to the store. Boxed values are null when not reported.
 *
 * @param outcome null while in flight
 * @param status null while no response headers arrived
 * @param durationMs for a running exchange, the time it has run so far
 * @param usageMissing a successful generation for which the server reported no token usage
 * @param slot for a running exchange, the llama-server slot it was matched with (the only slot in
 *     its phase while it is the only running exchange in that phase), else null
 * @param progress for a running stream, the {@code prompt_progress} it carried last, else null
 * @param userAgent the request's {@code User-Agent}, or null
 * @param clientAddress the client's address and port
 * @param turn its conversation, turn and cache verdict ({@link Turn#NONE} until stored)
 */
public record ActivityRow(
    long id,
    long startedAt,
    String method,
    String path,
    Endpoint endpoint,
    String model,
    Integer status,
    Outcome outcome,
    boolean streamed,
    Long promptTokens,
    Long cachedTokens,
    Long completionTokens,
    Double promptTps,
    Double genTps,
    Double ttftMs,
    double durationMs,
    long requestBytes,
    long responseBytes,
    String error,
    String userAgent,
    String clientAddress,
    boolean usageMissing,
    boolean inFlight,
    SlotState slot,
    PromptProgress progress,
    Turn turn)
    implements ExchangeFilter.Fields {

  public ActivityRow {
    turn = turn == null ? Turn.NONE : turn;
  }

  /** What a running exchange is doing. */
  public enum Phase {
    /** No response byte yet. */
    WAITING,
    /** The response began (headers, or stream events without output): the prompt is read. */
    PROMPT,
    /** A generated token was seen. */
    GENERATING
  }

  /** Shown while a stored row is being read. */
  static ActivityRow loading() {
    return new ActivityRow(
        -1,
        0,
        "",
        "",
        Endpoint.OTHER,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        0,
        0,
        null,
        null,
        null,
        false,
        false,
        null,
        null,
        Turn.NONE);
  }

  /** True for the stand-in of a row not read yet. */
  public boolean isLoading() {
    return id < 0;
  }

  static ActivityRow of(StoredExchange s) {
    return new ActivityRow(
        s.id(),
        s.startedAt(),
        s.method(),
        s.path(),
        s.endpoint(),
        s.model(),
        s.status(),
        s.outcome(),
        s.streamed(),
        s.promptTokens(),
        s.cachedTokens(),
        s.completionTokens(),
        s.promptTps(),
        s.genTps(),
        s.ttftMs(),
        s.durationMs(),
        s.requestBytes(),
        s.responseBytes(),
        s.error(),
        s.userAgent(),
        s.clientAddress(),
        usageMissing(s.outcome(), s.endpoint(), s.usageReported()),
        false,
        null,
        null,
        new Turn(s.conversationId(), s.turn(), s.cacheMiss(), s.cacheNote(), s.cacheLostTokens()));
  }

  static ActivityRow of(Exchange e) {
    ExchangeMetrics m = e.metrics();
    return new ActivityRow(
        e.id(),
        e.startedAtMs(),
        e.method(),
        e.path(),
        e.endpoint(),
        m.model(),
        e.status() == 0 ? null : e.status(),
        e.outcome(),
        e.streamed(),
        m.promptTokens(),
        m.cachedTokens(),
        m.completionTokens(),
        m.promptTps(),
        m.genTps(),
        m.ttftMs(),
        e.durationMs(),
        e.requestBytes(),
        e.responseBytes(),
        e.error(),
        e.userAgent(),
        e.clientAddress(),
        usageMissing(e.outcome(), e.endpoint(), m.usageReported()),
        false,
        null,
        null,
        Turn.NONE);
  }

  static ActivityRow of(InFlightExchange x, long nowMillis) {
    ExchangeMetrics m = x.metricsSoFar();
    return new ActivityRow(
        x.id(),
        x.startedAtMs(),
        x.method(),
        x.path(),
        Endpoint.of(x.path()),
        m.model(),
        x.status() == 0 ? null : x.status(),
        null,
        m.eventCount() != null,
        m.promptTokens(),
        m.cachedTokens(),
        m.completionTokens(),
        m.promptTps(),
        m.genTps(),
        m.ttftMs(),
        Math.max(0, nowMillis - x.startedAtMs()),
        x.requestBytes(),
        x.responseBytes(),
        null,
        x.userAgent(),
        x.clientAddress(),
        false,
        true,
        null,
        x.promptProgress(),
        Turn.NONE);
  }

  /** This running row matched with {@code s} (or with none). */
  ActivityRow withSlot(SlotState s) {
    return new ActivityRow(
        id,
        startedAt,
        method,
        path,
        endpoint,
        model,
        status,
        outcome,
        streamed,
        promptTokens,
        cachedTokens,
        completionTokens,
        promptTps,
        genTps,
        ttftMs,
        durationMs,
        requestBytes,
        responseBytes,
        error,
        userAgent,
        clientAddress,
        usageMissing,
        inFlight,
        s,
        progress,
        turn);
  }

  /**
   * What a running exchange is doing, from what the forwarder saw: no response byte yet, the
   * response began but no generated token (for a stream: events without output), or a generated
   * token seen. Null when the exchange is not running.
   */
  public Phase phase() {
    if (!inFlight) {
      return null;
    }
    if ((completionTokens != null && completionTokens > 0) || ttftMs != null) {
      return Phase.GENERATING;
    }
    if (status == null && responseBytes == 0) {
      return Phase.WAITING;
    }
    return Phase.PROMPT;
  }

  /**
   * The tokens this exchange holds in the slot's context: for a finished one the prompt plus the
   * generated tokens it recorded; for a running one the matched slot's, else the prompt's size its
   * stream's {@code prompt_progress} told plus the tokens generated so far, else null (not known).
   */
  public Long contextTokens() {
    if (inFlight) {
      if (slot != null) {
        return slot.contextUsed();
      }
      if (progress != null && progress.total() > 0) {
        return progress.total() + (completionTokens == null ? 0 : completionTokens);
      }
      return null;
    }
    if (promptTokens == null) {
      return null;
    }
    return promptTokens + (completionTokens == null ? 0 : completionTokens);
  }

  /** True when the exchange failed in any way (also a client hang-up). */
  public boolean failed() {
    return outcome != null && outcome != Outcome.OK;
  }

  private static boolean usageMissing(Outcome outcome, Endpoint endpoint, boolean usageReported) {
    return outcome == Outcome.OK && endpoint.generates() && !usageReported;
  }
}
