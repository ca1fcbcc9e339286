package dev.tokentap.export;

import dev.tokentap.model.Endpoint;

/** The assistant's answer from a captured (decoded, redacted) response body of a chat-like API. */
final class AnswerReassembler {

  private AnswerReassembler() {}

  /** Whether the JSONL export reads this API. */
  static boolean chatLike(Endpoint e) {
    return e == Endpoint.CHAT_COMPLETIONS
        || e == Endpoint.MESSAGES
        || e == Endpoint.RESPONSES
        || e == Endpoint.OLLAMA_CHAT;
  }

  /**
   * The answer in {@code body}: a JSON object when not streamed, else SSE (NDJSON for Ollama).
   *
   * @throws Unreadable when the body holds no answer of {@code endpoint}'s shape
   */
  static Answer reassemble(Endpoint endpoint, byte[] body) throws Unreadable {
    boolean json = Json.isObject(body);
    return switch (endpoint) {
      case CHAT_COMPLETIONS ->
          json ? ChatAnswer.json(Json.parse(body, "the response")) : ChatAnswer.stream(body);
      case MESSAGES ->
          json
              ? MessagesAnswer.json(Json.parse(body, "the response"))
              : MessagesAnswer.stream(body);
      case RESPONSES ->
          json
              ? ResponsesAnswer.json(Json.parse(body, "the response"))
              : ResponsesAnswer.stream(body);
      case OLLAMA_CHAT -> OllamaAnswer.read(body);
      default -> throw new Unreadable(Unreadable.Reason.NOT_CHAT, endpoint.code());
    };
  }
}
