package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds strings shaped like well-known credentials anywhere in a text and replaces them with {@code
 * [REDACTED]}: OpenAI/Anthropic style {@code sk-...} keys, {@code Bearer <token>}, GitHub, AWS,
 * Google, Hugging Face and Slack tokens, and PEM private key blocks (also inside a JSON string,
 * where their line breaks are {@code \n} escapes).
 *
 * <p>Linear-time by construction: every alternative starts with a literal, every repetition is
 * possessive or bounded, and PEM blocks are found marker by marker without a lazy {@code .*?}.
 */
final class CredentialPatterns {

  /** Token-shaped credentials; group 1, when it matched, is the part to replace. */
  private static final Pattern TOKEN =
      Pattern.compile(
          "(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}+"
              + "|(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}+"
              + "|(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{20,}+"
              + "|(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])"
              + "|(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"
              + "|(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}+"
              + "|(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}+"
              + "|(?<![A-Za-z0-9])(?i:bearer)[ \\t]++([A-Za-z0-9._~+/-]{8,}+=*+)");

  /**
   * What may be left of a credential cut off by truncation at the very end of a body: its prefix
   * and fewer characters than {@link #TOKEN} needs. Only tried on the last {@link #TAIL} chars.
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
    if (m.find() && m.start(1) < m.end(1) && !text.endsWith(REDACTED)) {
      tally.add();
      return text.substring(0, m.start(1)) + REDACTED;
    }
    return text;
  }

  private static String redactTokens(String text, RedactionTally tally) {
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      int from = m.start(1) >= 0 ? m.start(1) : m.start();
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, from).append(REDACTED);
      copied = m.end();
      tally.add();
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * Replaces what lies between each BEGIN ... PRIVATE KEY marker and the next matching END marker
   * (the markers stay, so a reader sees what was there). A block with no END runs to the end.
   */
  private static String redactPem(String text, RedactionTally tally) {
    if (!text.contains("-----BEGIN ")) {
      return text;
    }
    Matcher begin = PEM_BEGIN.matcher(text);
    Matcher end = PEM_END.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < text.length() && begin.find(from)) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, begin.end()).append(REDACTED);
      tally.add();
      if (end.find(begin.end())) {
        copied = end.start();
        from = end.end();
      } else {
        copied = text.length();
        break;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
