package dev.tokentap.ui.activity;

import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Outcome;

/** Stored rows for the activity table's tests. */
final class TestRows {
  private TestRows() {}

  /** A stored chat completion: {@code id}, started at {@code id} seconds, 200. */
  static ActivityRow row(long id, String model, Outcome outcome) {
    return row(id, id * 1000, model, outcome);
  }

  /** A stored chat completion: {@code id}, started at {@code startedAt} (epoch ms), 200. */
  static ActivityRow row(long id, long startedAt, String model, Outcome outcome) {
    return new ActivityRow(
        id,
        startedAt,
        "POST",
        "/v1/chat/completions",
        Endpoint.CHAT_COMPLETIONS,
        model,
        200,
        outcome,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        0,
        0,
        null,
        null,
        null,
        false,
        false,
        null,
        null,
        null);
  }
}
