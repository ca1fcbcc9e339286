package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds strings shaped like well-known credentials anywhere in a text and replaces them with {@code
 * [REDACTED]}: OpenAI/Anthropic style {@code sk-...} keys, {@code Bearer <token>}, GitHub ({@code
 * ghp_ gho_ ghu_ ghs_ ghr_ github_pat_}), AWS ({@code AKIA}/{@code ASIA}), Google ({@code AIza}),
 * Hugging Face ({@code hf_}) and Slack ({@code xox?-}) tokens, and PEM private key blocks (also
 * inside a JSON string, where their line breaks are {@code \n} escapes).
 *
 * <p>Linear-time by construction: one pass looks for each shape's literal prefix and only there
 * tries a short anchored pattern, whose repetitions are all possessive or bounded; after a match
 * the scan goes on behind it. PEM blocks are found marker by marker, never with a lazy {@code .*?}.
 */
final class CredentialPatterns {

  private static final Pattern SK = Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}+");
  private static final Pattern GITHUB =
      Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}+");
  private static final Pattern GITHUB_PAT =
      Pattern.compile("(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{20,}+");
  private static final Pattern AWS =
      Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])");
  private static final Pattern GOOGLE =
      Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])");
  private static final Pattern HUGGING_FACE =
      Pattern.compile("(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}+");
  private static final Pattern SLACK =
      Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}+");

  /** Only the token (group 1) is replaced: "Bearer [REDACTED]". */
  private static final Pattern BEARER =
      Pattern.compile("(?<![A-Za-z0-9])(?i:bearer)[ \\t]++([A-Za-z0-9._~+/-]{8,}+=*+)");

  /**
   * What may be left of a credential cut off by truncation at the very end of a body: its prefix
   * and fewer characters than a full shape needs. Only tried on the last {@link #TAIL} chars.
   */
  private static final Pattern CUT_TOKEN =
      Pattern.compile(
          "(?:(?<![A-Za-z0-9])sk-|gh[pousr]_|github_pat_|AKIA|ASIA|AIza|hf_|xox[abposr]-"
              + "|(?i:bearer)[ \\t]++)([A-Za-z0-9._~+/=-]*+)$");

  private static final int TAIL = 96;

  private static final Pattern PEM_BEGIN =
      Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");
  private static final Pattern PEM_END =
      Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----");

  private CredentialPatterns() {}

  /** {@code text} with PEM private keys and token-shaped credentials replaced. */
  static String redact(String text, RedactionTally tally) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return redactTokens(redactPem(text, tally), tally);
  }

  /**
   * Also replaces a credential's remains at the end of a body that was cut off there (a prefix such
   * as {@code sk-abc} too short to match on its own).
   */
  static String redactCutEnd(String text, RedactionTally tally) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = CUT_TOKEN.matcher(text);
    m.region(Math.max(0, text.length() - TAIL), text.length());
    m.useTransparentBounds(true);
    if (m.find() && m.start(1) < m.end(1)) {
      tally.add();
      return text.substring(0, m.start(1)) + REDACTED;
    }
    return text;
  }

  private static String redactTokens(String text, RedactionTally tally) {
    int[] candidates = candidates(text);
    if (candidates.length == 0) {
      return text;
    }
    Ranges ranges = new Ranges();
    Matcher[] matchers = new Matcher[SHAPES.length];
    int n = text.length();
    int resume = 0;
    for (int i : candidates) {
      if (i < resume) {
        continue;
      }
      int shape = shapeAt(text, i);
      if (shape < 0) {
        continue;
      }
      Matcher m = matchers[shape];
      if (m == null) {
        m = matchers[shape] = SHAPES[shape].matcher(text).useTransparentBounds(true);
      }
      m.region(i, n);
      if (m.lookingAt()) {
        ranges.add(m.start(m.groupCount() > 0 ? 1 : 0), m.end());
        resume = m.end();
      }
    }
    return ranges.splice(text, tally);
  }

  /** Literals one of which starts every shape. */
  private static final String[] PREFIXES = {
    "sk-", "gh", "github_pat_", "AKIA", "ASIA", "AIza", "hf_", "xox"
  };

  /**
   * What follows the first letter of "bearer" as people write it (Bearer, bearer, BEARER); a bearer
   * token in odd mixed case is not looked for (an {@code sk-} key in it still is).
   */
  private static final String[] BEARER_TAILS = {"earer", "EARER"};

  /**
   * Where a shape may start, ascending: found with {@link String#indexOf(String, int)}, which the
   * JVM runs far faster than a char-by-char loop; {@link #shapeAt} then checks each.
   */
  private static int[] candidates(String text) {
    int[] found = new int[16];
    int size = 0;
    for (String prefix : PREFIXES) {
      for (int i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
        if (size == found.length) {
          found = Arrays.copyOf(found, size * 2);
        }
        found[size++] = i;
      }
    }
    for (String tail : BEARER_TAILS) {
      for (int i = text.indexOf(tail, 1); i >= 0; i = text.indexOf(tail, i + 1)) {
        if (size == found.length) {
          found = Arrays.copyOf(found, size * 2);
        }
        found[size++] = i - 1;
      }
    }
    int[] sorted = Arrays.copyOf(found, size);
    Arrays.sort(sorted);
    return sorted;
  }

  private static final Pattern[] SHAPES = {
    SK, GITHUB, GITHUB_PAT, AWS, GOOGLE, HUGGING_FACE, SLACK, BEARER
  };

  /**
   * Which of {@link #SHAPES} may start at {@code i}, judged from a literal prefix, or -1. A cheap
   * switch per char; the pattern is tried only where its prefix is.
   */
  private static int shapeAt(String s, int i) {
    return switch (s.charAt(i)) {
      case 's' -> s.startsWith("sk-", i) ? 0 : -1;
      case 'g' ->
          s.startsWith("gh", i) && s.startsWith("_", i + 3)
              ? 1
              : s.startsWith("github_pat_", i) ? 2 : -1;
      case 'A' ->
          s.startsWith("AKIA", i) || s.startsWith("ASIA", i) ? 3 : s.startsWith("AIza", i) ? 4 : -1;
      case 'h' -> s.startsWith("hf_", i) ? 5 : -1;
      case 'x' -> s.startsWith("xox", i) ? 6 : -1;
      case 'b', 'B' -> s.regionMatches(true, i, "bearer", 0, 6) ? 7 : -1;
      default -> -1;
    };
  }

  /**
   * Replaces what lies between each BEGIN ... PRIVATE KEY marker and the next matching END marker
   * (the markers stay, so a reader sees what was there). A block with no END runs to the end.
   */
  private static String redactPem(String text, RedactionTally tally) {
    int at = text.indexOf("-----BEGIN ");
    if (at < 0) {
      return text;
    }
    Ranges ranges = new Ranges();
    Matcher begin = PEM_BEGIN.matcher(text);
    Matcher end = PEM_END.matcher(text);
    while (at >= 0) {
      begin.region(at, text.length());
      if (!begin.lookingAt()) {
        at = text.indexOf("-----BEGIN ", at + 1);
        continue;
      }
      int contentEnd = text.length();
      int next = -1;
      for (int e = text.indexOf("-----END ", begin.end()); e >= 0; ) {
        end.region(e, text.length());
        if (end.lookingAt()) {
          contentEnd = e;
          next = end.end();
          break;
        }
        e = text.indexOf("-----END ", e + 1);
      }
      ranges.add(begin.end(), contentEnd);
      at = next < 0 ? -1 : text.indexOf("-----BEGIN ", next);
    }
    return ranges.splice(text, tally);
  }

  /** Ranges to replace, merged where they overlap. */
  private static final class Ranges {
    private int[] starts = new int[0];
    private int[] ends = new int[0];
    private int size;

    void add(int start, int end) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, Math.max(8, size * 2));
        ends = Arrays.copyOf(ends, starts.length);
      }
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    String splice(String text, RedactionTally tally) {
      if (size == 0) {
        return text;
      }
      long[] packed = new long[size];
      for (int i = 0; i < size; i++) {
        packed[i] = ((long) starts[i] << 32) | ends[i];
      }
      Arrays.sort(packed);
      StringBuilder out = new StringBuilder(text.length());
      int copied = 0;
      for (int i = 0; i < size; ) {
        int start = (int) (packed[i] >>> 32);
        int end = (int) packed[i];
        for (i++; i < size && (int) (packed[i] >>> 32) < end; i++) {
          end = Math.max(end, (int) packed[i]);
        }
        out.append(text, copied, start).append(REDACTED);
        copied = end;
        tally.add();
      }
      return out.append(text, copied, text.length()).toString();
    }
  }
}
