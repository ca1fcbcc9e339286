package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

/**
 * Replaces ranges of a text with {@code [REDACTED]}, building the output lazily: no copy at all
 * when nothing is replaced. Ranges are given in ascending order and do not overlap.
 */
final class Splicer {
  private final String source;
  private StringBuilder out;
  private int copied;

  Splicer(String source) {
    this.source = source;
  }

  /**
   * Replaces {@code source[from, to)} with {@code [REDACTED]} and counts it, unless it already
   * reads {@code [REDACTED]} (an earlier pass got there first).
   */
  void replace(int from, int to, RedactionTally tally) {
    if (to - from == REDACTED.length() && source.startsWith(REDACTED, from)) {
      return;
    }
    if (out == null) {
      out = new StringBuilder(source.length());
    }
    out.append(source, copied, from).append(REDACTED);
    copied = to;
    tally.add();
  }

  /** The text with the replacements; the source itself when there were none. */
  String result() {
    if (out == null) {
      return source;
    }
    return out.append(source, copied, source.length()).toString();
  }
}
