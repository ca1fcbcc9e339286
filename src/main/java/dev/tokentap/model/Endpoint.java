package dev.tokentap.model;

/** The API an exchange spoke, decided from its path alone. */
public enum Endpoint {
  CHAT_COMPLETIONS("chat"),
  COMPLETIONS("completions"),
  NATIVE_COMPLETION("completion"),
  INFILL("infill"),
  MESSAGES("messages"),
  RESPONSES("responses"),
  EMBEDDINGS("embeddings"),
  OLLAMA_CHAT("ollama_chat"),
  OLLAMA_GENERATE("ollama_generate"),
  OTHER("other");

  private final String code;

  Endpoint(String code) {
    this.code = code;
  }

  /** Short name stored in the {@code endpoint} column. */
  public String code() {
    return code;
  }

  /** True for endpoints whose answer is generated text (where missing usage is worth flagging). */
  public boolean generates() {
    return this != EMBEDDINGS && this != OTHER;
  }

  /** Classifies a request path (without query); unknown paths are {@link #OTHER}. */
  public static Endpoint of(String path) {
    if (path == null) {
      return OTHER;
    }
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--; // trailing slashes are dropped once, not one copy each (a path may be megabytes)
    }
    return switch (path.substring(0, end)) {
      case "/v1/chat/completions", "/chat/completions" -> CHAT_COMPLETIONS;
      case "/v1/completions", "/completions" -> COMPLETIONS;
      case "/completion" -> NATIVE_COMPLETION;
      case "/infill" -> INFILL;
      case "/v1/messages" -> MESSAGES;
      case "/v1/responses", "/responses" -> RESPONSES;
      case "/v1/embeddings", "/embeddings", "/embedding", "/api/embed", "/api/embeddings" ->
          EMBEDDINGS;
      case "/api/chat" -> OLLAMA_CHAT;
      case "/api/generate" -> OLLAMA_GENERATE;
      default -> OTHER;
    };
  }
}
