package dev.tokentap.endpoint;

/**
 * One part of a prompt, in the order the server's template renders it: the tool list ({@link
 * #TOOLS}), a message (system, user, assistant, tool), or an answer. {@code text} is the part's
 * canonical text: the message's text content, then any non-text content and tool calls as compact
 * JSON, so two parts are equal exactly when the model would see the same thing.
 *
 * @param role the message's role, or {@link #TOOLS}
 * @param text the canonical text, never null
 */
public record PromptPart(String role, String text) {

  /** The role of the part holding the request's tool list. */
  public static final String TOOLS = "tools";

  public PromptPart {
    role = role == null ? "" : role;
    text = text == null ? "" : text;
  }
}
