package dev.tokentap.conversation;

/**
 * Where a prompt first differs from the previous turn's prompt and answer: the part, the character
 * within it, and what stood there before and after.
 *
 * @param part the index in the prompt parts (the tool list, when sent, is part 0)
 * @param message the message index (the first message, often the system prompt, is 0); -1 for the
 *     tool list
 * @param role the part's role in this turn ({@code tools} for the tool list)
 * @param offset the character within the part where the two first differ
 * @param before up to {@link CacheMissAnalysis#EXCERPT} characters around the offset, as the
 *     previous turn had them ("" when the part is new)
 * @param after the same stretch as this turn has it ("" when the part is gone)
 */
public record PromptChange(
    int part, int message, String role, int offset, String before, String after) {

  /** How the note names the part: "Message 0 (system)" or "The tool list". */
  public String where() {
    return message < 0 ? "The tool list" : "Message " + message + " (" + role + ")";
  }
}
