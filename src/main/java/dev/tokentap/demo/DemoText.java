package dev.tokentap.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Plausible generated text, one string per token (a word, its leading space, or a piece). */
final class DemoText {

  private static final String[] WORDS = {
    "the",
    "function",
    "returns",
    "a",
    "list",
    "of",
    "values",
    "that",
    "are",
    "sorted",
    "by",
    "key",
    "you",
    "can",
    "use",
    "this",
    "instead",
    "when",
    "input",
    "is",
    "empty",
    "we",
    "should",
    "check",
    "for",
    "null",
    "first",
    "then",
    "call",
    "method",
    "on",
    "each",
    "item",
    "in",
    "loop",
    "and",
    "result",
    "will",
    "be",
    "cached",
    "so",
    "next",
    "request",
    "is",
    "faster",
    "here",
    "an",
    "example",
    "with",
    "error",
    "handling",
    "test",
    "passes",
    "now",
    "because",
    "variable",
    "was",
    "renamed",
    "to",
    "match",
    "interface",
    "class",
    "config",
    "file",
    "reads",
    "from",
    "disk",
    "server",
    "responds",
    "JSON",
    "stream",
    "tokens",
    "per",
    "second",
    "context",
    "window",
    "model",
    "prompt",
    "cache",
    "slot",
    "it",
    "looks",
    "like",
    "issue",
    "comes",
    "from",
    "missing",
    "import",
    "add",
    "line",
    "above",
    "your",
    "code",
    "query",
    "database",
    "index",
    "speeds",
    "up",
    "lookup",
  };
  private static final String[] PUNCTUATION = {".", ",", ":", ";", "`", "()", "\n", "\n\n", "*"};

  private DemoText() {}

  /** {@code count} tokens of text. */
  static List<String> tokens(int count, RandomGenerator random) {
    List<String> tokens = new ArrayList<>(count);
    boolean sentenceStart = true;
    while (tokens.size() < count) {
      if (!sentenceStart && random.nextInt(7) == 0) {
        String p = PUNCTUATION[random.nextInt(PUNCTUATION.length)];
        tokens.add(p);
        sentenceStart = p.equals(".") || p.startsWith("\n");
        continue;
      }
      String word = WORDS[random.nextInt(WORDS.length)];
      if (sentenceStart) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      String piece = (tokens.isEmpty() || tokens.getLast().endsWith("\n") ? "" : " ") + word;
      if (piece.length() > 8 && random.nextInt(3) == 0 && tokens.size() + 1 < count) {
        int cut = piece.length() / 2;
        tokens.add(piece.substring(0, cut));
        tokens.add(piece.substring(cut));
      } else {
        tokens.add(piece);
      }
      sentenceStart = false;
    }
    return tokens;
  }

  /** About {@code approxTokens} tokens of prose, as one string (for prompts). */
  static String prose(int approxTokens, RandomGenerator random) {
    return String.join("", tokens(approxTokens, random));
  }
}
