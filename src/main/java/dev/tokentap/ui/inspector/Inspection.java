package dev.tokentap.ui.inspector;

import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.ChatTranscript;
import dev.tokentap.model.Header;
import dev.tokentap.store.StoredExchange;
import java.util.List;

/**
 * Everything the inspector shows of one exchange, read and prepared on the worker: immutable, so
 * the FX thread only puts it on screen.
 *
 * @param row the stored row (its metrics)
 * @param metrics the row's figures in words, each with its meaning
 * @param captured false when the exchange has no capture (captures off, or pruned)
 * @param requestHeaders redacted, wire order; empty without a capture
 * @param responseHeaders redacted, wire order; empty without a capture
 * @param request the request body; null without a capture
 * @param response the response body; null without a capture
 * @param events the stream's events with their arrival times; empty when not a stream
 * @param eventNote a line about the events (how many, what is missing), or null
 * @param timeline the stream's events over time for the chart
 * @param answer the answer read from the response, or null
 * @param answerNote where the answer came from, or why there is none
 * @param curl the request as a {@code curl} command, rebuilt from the redacted capture
 * @param conversation the conversation the exchange is a turn of ({@link ConversationTurns#NONE}
 *     when in none)
 * @param chat the request as a chat (roles, system prompt, tool calls and results, reasoning);
 *     {@link ChatTranscript#NONE} when it is not chat-like or not captured
 */
record Inspection(
    StoredExchange row,
    List<Metric> metrics,
    boolean captured,
    List<Header> requestHeaders,
    List<Header> responseHeaders,
    BodyText request,
    BodyText response,
    List<StreamEvent> events,
    String eventNote,
    Timeline timeline,
    Answer answer,
    String answerNote,
    String curl,
    ConversationTurns conversation,
    ChatTranscript chat) {

  /** A figure: its name, its value as shown (or "—" not reported), what it means. */
  record Metric(String name, String value, String meaning) {}

  /**
   * One stream event.
   *
   * @param index from 1
   * @param offsetMs arrival after the request started; null when not measured
   * @param gapMs time since the previous event; null for the first or when not measured
   * @param name the SSE {@code event:} field, or "" when it had none
   * @param preview the start of its data, on one line
   * @param output whether it carried generated output
   */
  record StreamEvent(
      int index, Double offsetMs, Double gapMs, String name, String preview, boolean output) {}
}
