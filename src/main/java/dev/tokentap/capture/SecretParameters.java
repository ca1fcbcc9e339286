package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the values of secret-named {@code name=value} parameters (query strings, URLs, error
 * texts): names containing key, token (not tokens), secret, password, sig, auth or credential, for
 * example {@code api_key}, {@code access_token}, {@code X-Amz-Signature}. One forward scan; the
 * name is looked for at most {@link SecretNames#MAX_NAME} chars back from each {@code =}.
 */
final class SecretParameters {

  private SecretParameters() {}

  static String redact(String text, RedactionTally tally) {
    if (text == null || text.indexOf('=') < 0) {
      return text;
    }
    int n = text.length();
    StringBuilder out = null;
    int copied = 0;
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
          && SecretNames.isSecretParameter(decode(text.substring(nameStart, eq)))) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, eq + 1).append(REDACTED);
        copied = valueEnd;
        tally.add();
      }
      i = valueEnd;
    }
    return out == null ? text : out.append(text, copied, n).toString();
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
        || Character.isWhitespace(c);
  }

  private static String decode(String name) {
    if (name.indexOf('%') < 0) {
      return name;
    }
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }
}
