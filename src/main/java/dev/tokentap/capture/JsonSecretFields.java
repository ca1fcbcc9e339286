package dev.tokentap.capture;

/**
 * Replaces the string values of secret-named JSON fields ({@code "api_key": "..."}) with {@code
 * [REDACTED]}. Works on any text, JSON or not (SSE streams, NDJSON, truncated bodies): it is a
 * single forward scan for quoted names followed by {@code :} and a string, so its cost is linear in
 * the text whatever the input. Only string values are replaced: {@code "max_tokens": 32} and {@code
 * "tokens": [1, 2]} stay.
 *
 * <p>A second pass handles JSON carried inside a JSON string, where quotes appear as {@code \"}
 * (tool-call {@code arguments}, for example).
 */
final class JsonSecretFields {

  private JsonSecretFields() {}

  static String redact(String s, RedactionTally tally) {
    String once = redactPlain(s, tally);
    return once.indexOf("\\\"") < 0 ? once : redactEscaped(once, tally);
  }

  /** Fields at the outer level: quotes are bare {@code "}. */
  private static String redactPlain(String s, RedactionTally tally) {
    int n = s.length();
    Splicer out = new Splicer(s);
    NextChar backslash = new NextChar(s, '\\');
    NextChar newline = new NextChar(s, '\n');
    int i = 0;
    while (i < n) {
      int q = s.indexOf('"', i);
      if (q < 0) {
        break;
      }
      int end = stringEnd(s, q + 1, backslash, newline);
      if (end < 0) {
        i = ~end + 1; // unterminated on this line: go on after the line break
        continue;
      }
      int colon = skipSpace(s, end + 1);
      if (colon >= n || s.charAt(colon) != ':') {
        i = end + 1;
        continue;
      }
      int v = skipSpace(s, colon + 1);
      if (v < n && s.charAt(v) == '"' && SecretNames.isSecretJsonField(s, q + 1, end)) {
        int vEnd = stringEnd(s, v + 1, backslash, newline);
        int stop = vEnd >= 0 ? vEnd : ~vEnd;
        out.replace(v + 1, stop, tally);
        i = stop + 1;
      } else {
        i = colon + 1;
      }
    }
    return out.result();
  }

  /**
   * Index of the closing quote of a string whose content starts at {@code from}; or, when the
   * string is not closed before a raw line break or the end, {@code ~stop} with stop that index.
   * Jumps from one quote, backslash or line break to the next with {@code indexOf} (much faster
   * than a char loop); backslash and line break positions are remembered between calls.
   */
  private static int stringEnd(String s, int from, NextChar backslash, NextChar newline) {
    int n = s.length();
    int i = from;
    while (i < n) {
      int quote = s.indexOf('"', i);
      int q = quote < 0 ? n : quote;
      int b = backslash.from(i);
      int nl = newline.from(i);
      if (nl < q && nl < b) {
        return ~nl;
      }
      if (b < q) {
        i = b + 2; // skip the escaped char
        continue;
      }
      return q < n ? q : ~n;
    }
    return ~n;
  }

  /** The next position of one char at or after a point, remembered while the scan moves on. */
  private static final class NextChar {
    private final String s;
    private final char c;
    private int next = -1;

    NextChar(String s, char c) {
      this.s = s;
      this.c = c;
    }

    int from(int i) {
      if (next < i) {
        int found = s.indexOf(c, i);
        next = found < 0 ? s.length() : found;
      }
      return next;
    }
  }

  private static int skipSpace(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * Fields one level down, inside a JSON string: a quote preceded by one backslash (4k+1 in
   * general) delimits an inner string, by 4k+3 it is an escaped quote inside one, by an even number
   * it ends the outer string.
   */
  private static String redactEscaped(String s, RedactionTally tally) {
    int n = s.length();
    Splicer out = new Splicer(s);
    int i = 0;
    while (i < n) {
      int q = nextQuote(s, i, Kind.INNER);
      if (q < 0) {
        break;
      }
      int end = nextQuote(s, q + 1, Kind.INNER_OR_OUTER);
      if (end < 0) {
        break;
      }
      if (kind(s, end) != Kind.INNER) {
        i = end + 1;
        continue;
      }
      int colon = skipSpace(s, end + 1);
      if (colon >= n || s.charAt(colon) != ':') {
        i = end + 1;
        continue;
      }
      int v = skipSpace(s, colon + 1);
      boolean valueIsString = v + 1 < n && s.charAt(v) == '\\' && s.charAt(v + 1) == '"';
      if (valueIsString && SecretNames.isSecretJsonField(s, q + 1, end - 1)) {
        int vEnd = nextQuote(s, v + 2, Kind.INNER_OR_OUTER);
        int stop = vEnd < 0 ? n : vEnd - backslashesBefore(s, vEnd);
        if (vEnd >= 0 && kind(s, vEnd) == Kind.INNER) {
          stop = vEnd - 1;
        }
        out.replace(v + 2, Math.max(stop, v + 2), tally);
        i = vEnd < 0 ? n : vEnd + 1;
      } else {
        i = colon + 1;
      }
    }
    return out.result();
  }

  private enum Kind {
    OUTER,
    INNER,
    ESCAPED,
    INNER_OR_OUTER
  }

  /** The next quote at or after {@code from} of the wanted kind, or -1. */
  private static int nextQuote(String s, int from, Kind wanted) {
    int i = from;
    while (true) {
      int q = s.indexOf('"', i);
      if (q < 0) {
        return -1;
      }
      Kind k = kind(s, q);
      if (k == wanted || (wanted == Kind.INNER_OR_OUTER && k != Kind.ESCAPED)) {
        return q;
      }
      i = q + 1;
    }
  }

  private static Kind kind(String s, int quote) {
    int b = backslashesBefore(s, quote);
    if (b % 2 == 0) {
      return Kind.OUTER;
    }
    return b % 4 == 1 ? Kind.INNER : Kind.ESCAPED;
  }

  private static int backslashesBefore(String s, int i) {
    int b = 0;
    while (i - b - 1 >= 0 && s.charAt(i - b - 1) == '\\') {
      b++;
    }
    return b;
  }
}
