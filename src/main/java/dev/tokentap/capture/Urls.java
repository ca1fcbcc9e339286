package dev.tokentap.capture;

/**
 * What of a URL is secret, wherever the URL is (the upstream, an error text, a header, a body): its
 * user info ({@code https://user:password@host/} becomes {@code https://[REDACTED]@host/}) and the
 * values of its secret-named parameters ({@link SecretParameters}). URLs are found by {@code
 * scheme://}, also JSON-escaped as {@code scheme:\/\/}. Where a body was cut inside a URL's
 * authority, what may be user info is replaced up to the cut.
 *
 * <p>The one place of this rule: {@link CaptureRedactor#redactText} makes it available to whatever
 * prints or shows a URL. Linear in the text: authorities and URLs are scanned once each.
 */
final class Urls {

  private static final String SEPARATOR = "://";
  private static final String ESCAPED_SEPARATOR = ":\\/\\/";

  /** Longest scheme looked for before {@code ://}. */
  private static final int MAX_SCHEME = 32;

  private Urls() {}

  /** {@code text} with the user info and secret parameters of every URL in it replaced. */
  static String redact(String text, RedactionTally tally) {
    if (text == null || text.indexOf(':') < 0) {
      return text;
    }
    return parameters(userInfo(text, tally), tally);
  }

  /**
   * For a body cut at its end: when the last URL's authority runs to the cut and holds a {@code :}
   * ({@code https://user:pass} or {@code https://host:80}, no telling which), it is replaced.
   */
  static String redactCutEnd(String text, RedactionTally tally) {
    if (text == null) {
      return null;
    }
    int plain = text.lastIndexOf(SEPARATOR);
    int escaped = text.lastIndexOf(ESCAPED_SEPARATOR);
    int c = Math.max(plain, escaped);
    if (c < 0 || !hasScheme(text, c)) {
      return text;
    }
    int auth = c + (c == plain ? SEPARATOR.length() : ESCAPED_SEPARATOR.length());
    int end = authorityEnd(text, auth);
    if (end == text.length() && text.indexOf(':', auth) >= 0 && text.indexOf('@', auth) < 0) {
      Splicer out = new Splicer(text);
      out.replace(auth, end, tally);
      return out.result();
    }
    return text;
  }

  private static String userInfo(String s, RedactionTally tally) {
    Splicer out = new Splicer(s);
    Separators separators = new Separators(s);
    int from = 0;
    for (int c = separators.next(from); c >= 0; c = separators.next(from)) {
      int auth = c + separators.length(c);
      int end = auth;
      int at = -1; // the last '@': a password may hold one unencoded
      while (end < s.length() && !endsAuthority(s.charAt(end))) {
        if (s.charAt(end) == '@') {
          at = end;
        }
        end++;
      }
      if (at > auth && hasScheme(s, c)) {
        out.replace(auth, at, tally);
      }
      // the authority may end with the ':' of the next URL's separator ("a@http://")
      from = Math.max(c + 1, end - 1);
    }
    return out.result();
  }

  private static String parameters(String s, RedactionTally tally) {
    if (s.indexOf('=') < 0) {
      return s;
    }
    StringBuilder out = null;
    int copied = 0;
    Separators separators = new Separators(s);
    int from = 0;
    for (int c = separators.next(from); c >= 0; c = separators.next(from)) {
      int rest = authorityEnd(s, c + separators.length(c));
      int end = rest;
      boolean equals = false;
      while (end < s.length() && !endsUrl(s.charAt(end))) {
        equals |= s.charAt(end) == '=';
        end++;
      }
      if (equals && hasScheme(s, c)) {
        String part = s.substring(rest, end);
        String redacted = SecretParameters.redact(part, tally);
        if (redacted != part) {
          if (out == null) {
            out = new StringBuilder(s.length());
          }
          out.append(s, copied, rest).append(redacted);
          copied = end;
        }
      }
      from = Math.max(c + 1, end); // a URL inside this one's query went with it
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  /** Whether a scheme ({@code https}, {@code postgres+ssl}) ends just before {@code colon}. */
  private static boolean hasScheme(String s, int colon) {
    int start = colon;
    while (start > 0 && colon - start < MAX_SCHEME && isSchemeChar(s.charAt(start - 1))) {
      start--;
    }
    while (start < colon && !isLetter(s.charAt(start))) {
      start++; // a scheme starts with a letter
    }
    return start < colon;
  }

  /** Where the authority that starts at {@code from} ends: its first char that cannot be in one. */
  private static int authorityEnd(String s, int from) {
    int i = from;
    while (i < s.length() && !endsAuthority(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean endsAuthority(char c) {
    return c == '/' || c == '?' || c == '#' || c == '\\' || endsUrl(c);
  }

  private static boolean endsUrl(char c) {
    return c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == ' ' || c == '\t'
        || c == '\r' || c == '\n';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSchemeChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
  }

  /** The {@code ://} and {@code :\/\/} of a text in order, each searched for once per stretch. */
  private static final class Separators {
    private final String s;
    private int plain = -2;
    private int escaped = -2;

    Separators(String s) {
      this.s = s;
    }

    /** Where the next separator at or after {@code from} starts (its ':'), or -1. */
    int next(int from) {
      if (plain != -1 && plain < from) {
        plain = s.indexOf(SEPARATOR, from);
      }
      if (escaped != -1 && escaped < from) {
        escaped = s.indexOf(ESCAPED_SEPARATOR, from);
      }
      if (plain < 0) {
        return escaped;
      }
      return escaped < 0 ? plain : Math.min(plain, escaped);
    }

    int length(int at) {
      return at == plain ? SEPARATOR.length() : ESCAPED_SEPARATOR.length();
    }
  }
}
