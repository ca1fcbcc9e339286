package dev.tokentap.endpoint;

import java.util.List;

/**
 * One answer as a server generates it, decided before its first byte (the demo server's view): what
 * the families write into their API's shapes ({@link EndpointFamily#wholeReply} and the stream
 * events).
 *
 * @param id the answer's id ({@code chatcmpl-...}, {@code resp_...})
 * @param messageId the id of the Responses output item
 * @param created seconds since the epoch
 * @param model the model name the answer carries
 * @param prompt the prompt's text (llama-server's native answer echoes it)
 * @param maxTokens the client's limit on generated tokens, or 0 for none
 * @param includeUsage a chat stream asked for a usage chunk ({@code stream_options.include_usage})
 * @param promptMs nominal prompt processing time
 * @param tokens the generated tokens, in order
 * @param predictedMs nominal generation time of all tokens
 * @param hitLimit generation stopped at {@code maxTokens}
 */
public record Generation(
    String id,
    String messageId,
    long created,
    String model,
    String prompt,
    int maxTokens,
    boolean includeUsage,
    int promptTokens,
    int cachedTokens,
    double promptMs,
    List<String> tokens,
    double predictedMs,
    boolean hitLimit) {

  public Generation {
    tokens = List.copyOf(tokens);
  }

  public int completionTokens() {
    return tokens.size();
  }

  public String text() {
    return String.join("", tokens);
  }
}
