package dev.tokentap.ui.inspector;

import dev.tokentap.capture.Capture;
import dev.tokentap.conversation.CacheMissAnalysis;
import dev.tokentap.conversation.PromptChange;
import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.PromptPart;
import dev.tokentap.endpoint.PromptParts;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Turn;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.StoredExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation an exchange is a turn of, as the inspector's Conversation tab shows it: its
 * turns, and for a {@code prompt_changed} turn the changed part before and after, side by side.
 * Read on the worker, with the exchange.
 *
 * @param turns the conversation's turns in order; empty when the exchange is in none
 * @param change where this turn's prompt first differs from the previous turn's prompt and answer,
 *     with the part's whole text on both sides; null unless this turn is {@code prompt_changed} and
 *     both captures are still stored
 */
record ConversationTurns(List<StoredExchange> turns, Change change) {

  static final ConversationTurns NONE = new ConversationTurns(List.of(), null);

  /**
   * A changed part side by side.
   *
   * @param where the change, as the note says it (part, character, excerpts)
   * @param before the part's whole text in the previous turn ("" when it was not there)
   * @param after the part's whole text in this turn ("" when it is gone)
   */
  record Change(PromptChange where, String before, String after) {}

  ConversationTurns {
    turns = List.copyOf(turns);
  }

  /** The prompt time the cache lost on {@code t}: its lost tokens at its prompt speed; or null. */
  static Double secondsLost(StoredExchange t) {
    if (t.cacheLostTokens() == null || t.promptTps() == null || t.promptTps() <= 0) {
      return null;
    }
    return t.cacheLostTokens() / t.promptTps();
  }

  /** Reads the conversation of {@code row} (worker thread). */
  static ConversationTurns load(ExchangeReads store, StoredExchange row, Capture capture) {
    if (row.conversationId().isEmpty()) {
      return NONE;
    }
    List<StoredExchange> turns = store.conversation(row.conversationId());
    Change change = null;
    if (Turn.PROMPT_CHANGED.equals(row.cacheMiss()) && capture != null && row.turn() != null) {
      StoredExchange previous = null;
      for (StoredExchange t : turns) {
        if (t.turn() != null && t.turn() == row.turn() - 1) {
          previous = t;
        }
      }
      if (previous != null) {
        change = change(previous, store.capture(previous.id()).orElse(null), row, capture);
      }
    }
    return new ConversationTurns(turns, change);
  }

  private static Change change(
      StoredExchange previous, Capture before, StoredExchange row, Capture after) {
    if (before == null || before.request() == null || after.request() == null) {
      return null;
    }
    EndpointFamily family = EndpointFamily.of(row.endpoint());
    List<PromptPart> prev =
        new ArrayList<>(
            PromptParts.of(EndpointFamily.of(previous.endpoint()), bytes(before, true)));
    byte[] answerBody = bytes(before, false);
    if (answerBody != null) {
      Answer a = family.read(answerBody, StreamFrames.SPLITTER).answer();
      if (a != null) {
        prev.add(PromptParts.answer(a));
      }
    }
    List<PromptPart> now = PromptParts.of(family, bytes(after, true));
    PromptChange where = CacheMissAnalysis.firstChange(prev, now);
    if (where == null) {
      return null;
    }
    int i = where.part();
    return new Change(
        where, i < prev.size() ? prev.get(i).text() : "", i < now.size() ? now.get(i).text() : "");
  }

  private static byte[] bytes(Capture c, boolean request) {
    var body = request ? c.request() : c.response();
    return body == null || !body.decoded() ? null : body.bytes();
  }
}
