package dev.tokentap.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The simulated server's prompt cache: like llama-server's slots, it remembers the last few prompts
 * and serves the longest common prefix with one of them from cache. Tokens are counted as
 * llama-server's tokenizers roughly do on English and code: one per four characters.
 */
final class PromptCache {

  static final int CHARS_PER_TOKEN = 4;
  private final int slots;
  private final Deque<String> recent = new ArrayDeque<>();

  PromptCache(int slots) {
    this.slots = slots;
  }

  /** Tokens of {@code prompt}. */
  static int tokens(String prompt) {
    return Math.max(1, (prompt.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
  }

  /**
   * How many of {@code prompt}'s tokens are already cached; remembers it for the next one. At least
   * one token is always evaluated, as in llama-server.
   */
  synchronized int lookUp(String prompt) {
    int best = 0;
    String bestPrompt = null;
    for (String earlier : recent) {
      int common = commonPrefix(earlier, prompt);
      if (common > best) {
        best = common;
        bestPrompt = earlier;
      }
    }
    if (bestPrompt != null) {
      recent.remove(bestPrompt);
    } else if (recent.size() == slots) {
      recent.removeLast();
    }
    recent.addFirst(prompt);
    return Math.min(best / CHARS_PER_TOKEN, tokens(prompt) - 1);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
