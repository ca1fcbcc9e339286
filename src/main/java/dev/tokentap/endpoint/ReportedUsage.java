package dev.tokentap.endpoint;

/**
 * What the server itself said about one exchange, gathered from a body or from stream events as
 * they pass. Later reports overwrite earlier ones field by field; a field never reported stays
 * null.
 *
 * <p>Counts reported as "usage" (OpenAI {@code usage}, native {@code tokens_*}, Anthropic, Ollama
 * counts) win over llama.cpp's {@code timings} counts, which are only the fallback (a chat stream
 * without {@code include_usage} carries timings only). Confined to the exchange's thread.
 */
public final class ReportedUsage {

  /** Nothing reported yet. */
  public ReportedUsage() {}

  private String model;
  private String finishReason;
  private Long promptTokens;
  private Long cachedTokens;
  private Long completionTokens;
  private Long timingsPromptN;
  private Long timingsCacheN;
  private Long timingsPredictedN;
  private Double promptTps;
  private Double genTps;

  void model(String value) {
    if (value != null && !value.isEmpty()) {
      model = value;
    }
  }

  void finishReason(String value) {
    if (value != null && !value.isEmpty()) {
      finishReason = value;
    }
  }

  void promptTokens(Long value) {
    if (value != null) {
      promptTokens = value;
    }
  }

  void cachedTokens(Long value) {
    if (value != null) {
      cachedTokens = value;
    }
  }

  void completionTokens(Long value) {
    if (value != null) {
      completionTokens = value;
    }
  }

  /** llama.cpp {@code timings}: evaluated prompt tokens, cached prompt tokens, generated tokens. */
  void timingsCounts(Long promptN, Long cacheN, Long predictedN) {
    if (promptN != null) {
      timingsPromptN = promptN;
    }
    if (cacheN != null) {
      timingsCacheN = cacheN;
    }
    if (predictedN != null) {
      timingsPredictedN = predictedN;
    }
  }

  void promptTps(Double value) {
    if (value != null && Double.isFinite(value) && value >= 0) {
      promptTps = value;
    }
  }

  void genTps(Double value) {
    if (value != null && Double.isFinite(value) && value >= 0) {
      genTps = value;
    }
  }

  public String model() {
    return model;
  }

  public String finishReason() {
    return finishReason;
  }

  /**
   * All prompt tokens, cached ones included: the reported count, else {@code prompt_n + cache_n}
   * (both needed: {@code prompt_n} alone counts only the evaluated tokens).
   */
  public Long promptTokens() {
    if (promptTokens != null) {
      return promptTokens;
    }
    if (timingsPromptN != null && timingsCacheN != null) {
      return sum(timingsPromptN, timingsCacheN);
    }
    return null;
  }

  /** {@code a + b}, or null (unknown) when the sum is past any count a server could mean. */
  static Long sum(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  public Long cachedTokens() {
    return cachedTokens != null ? cachedTokens : timingsCacheN;
  }

  public Long completionTokens() {
    return completionTokens != null ? completionTokens : timingsPredictedN;
  }

  public Double promptTps() {
    return promptTps;
  }

  public Double genTps() {
    return genTps;
  }

  /** Whether the server reported any token count at all (usage, timings or Ollama counts). */
  public boolean countsReported() {
    return promptTokens != null
        || cachedTokens != null
        || completionTokens != null
        || timingsPromptN != null
        || timingsCacheN != null
        || timingsPredictedN != null;
  }
}
