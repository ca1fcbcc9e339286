package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

/**
 * Replaces the values of secret-named {@code name=value} parameters in a text (a query string, the
 * rest of a URL, an error text); which names are secret is {@link SecretNames#isSecretParameter}.
 * One forward scan; the name is looked for at most {@link SecretNames#MAX_NAME} chars back from
 * each {@code =}, and a value runs to the next {@code & # ; ,}, quote, angle bracket, backslash (a
 * JSON escape: {@code \"} or {@code \u0026}) or white space.
 */
final class SecretParameters {

  private SecretParameters() {}

  static String redact(String text, RedactionTally tally) {
    if (text == null || text.indexOf('=') < 0) {
      return text;
    }
    int n = text.length();
    Splicer out = new Splicer(text);
    int i = 0;
    while (i < n) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      int nameStart = eq;
      while (nameStart > i
          && eq - nameStart < SecretNames.MAX_NAME
          && isNameChar(text.charAt(nameStart - 1))) {
        nameStart--;
      }
      int valueEnd = eq + 1;
      while (valueEnd < n && !isValueEnd(text.charAt(valueEnd))) {
        valueEnd++;
      }
      if (valueEnd > eq + 1
          && !isRedacted(text, eq + 1, valueEnd) // already (as a credential shape)
          && nameStart < eq
          && SecretNames.isSecretParameter(text.substring(nameStart, eq))) {
        out.replace(eq + 1, valueEnd, tally);
      }
      i = valueEnd;
    }
    return out.result();
  }

  private static boolean isRedacted(String text, int from, int to) {
    return to - from == REDACTED.length() && text.startsWith(REDACTED, from);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '%'
        || c == '['
        || c == ']';
  }

  private static boolean isValueEnd(char c) {
    return c == '&'
        || c == '#'
        || c == ';'
        || c == ','
        || c == '"'
        || c == '\''
        || c == '<'
        || c == '>'
        || c == '\\'
        || Character.isWhitespace(c);
  }
}
