package dev.tokentap.export;

import dev.tokentap.model.Endpoint;

/**
 * The assistant's answer from a captured (decoded, redacted) response body: whole or reassembled
 * from a stream's frames. The JSONL export reads chat-like APIs ({@link #reassemble}); the
 * inspector also shows the text of the completion APIs ({@link #read}).
 */
public final class AnswerReassembler {

  /**
   * What {@link #read} found: an answer, or why there is none.
   *
   * @param answer null when there is none
   * @param problem why there is no answer, in a few words; null when there is one
   */
  public record Reading(Answer answer, String problem) {}

  private AnswerReassembler() {}

  /**
   * The answer in a response {@code body} of {@code endpoint} (chat, messages, responses, the
   * completion APIs, Ollama), streamed or not; never throws for bad input.
   */
  public static Reading read(Endpoint endpoint, byte[] body) {
    try {
      Answer a =
          switch (endpoint) {
            case COMPLETIONS, NATIVE_COMPLETION, INFILL, OLLAMA_GENERATE ->
                CompletionAnswer.read(body);
            default -> reassemble(endpoint, body);
          };
      return new Reading(a, null);
    } catch (Unreadable e) {
      String detail = e.getMessage();
      return new Reading(
          null,
          e.reason() == Unreadable.Reason.NOT_CHAT
              ? "no answer to read on this endpoint (" + detail + ")"
              : e.reason().words() + (detail == null ? "" : ": " + detail));
    } catch (RuntimeException e) {
      return new Reading(null, "unreadable: " + e.getMessage());
    }
  }

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
