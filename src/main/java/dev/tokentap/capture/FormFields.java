package dev.tokentap.capture;

import java.util.Locale;

/**
 * Form bodies, told by their {@code Content-Type}: in {@code application/x-www-form-urlencoded},
 * the value of every secret-named field; in {@code multipart/form-data}, the content of every part
 * whose {@code Content-Disposition} name is secret-named, file parts included. Names follow {@link
 * SecretNames#isSecretParameter}, percent-encoded ones too.
 *
 * <p>A body cut by the capture cap is read as far as it goes: a secret value that runs to the cut
 * is replaced up to it. Anything else that is not the form it claims to be (no boundary, no blank
 * line after a part's headers) is left as it is for the passes that follow, which know no forms.
 * Linear in the text; never throws.
 */
final class FormFields {

  private static final String URL_ENCODED = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data";

  /** Longest boundary looked for; RFC 2046 allows 70 chars. */
  private static final int MAX_BOUNDARY = 200;

  private FormFields() {}

  /** {@code text} with the secret fields of the form {@code contentType} names replaced. */
  static String redact(String text, String contentType, RedactionTally tally) {
    if (contentType == null || text.isEmpty()) {
      return text;
    }
    int semi = contentType.indexOf(';');
    String media =
        (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    if (media.equals(URL_ENCODED)) {
      return urlEncoded(text, tally);
    }
    if (media.equals(MULTIPART)) {
      String boundary = parameter(contentType, 0, contentType.length(), "boundary");
      if (boundary != null && !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY) {
        return multipart(text, boundary, tally);
      }
    }
    return text;
  }

  /** {@code name=value&name=value}: a value runs to the next {@code &} or the end. */
  private static String urlEncoded(String s, RedactionTally tally) {
    Splicer out = new Splicer(s);
    int n = s.length();
    int eq = -1;
    int i = 0;
    while (i < n) {
      int amp = s.indexOf('&', i);
      int end = amp < 0 ? n : amp;
      if (eq < i) {
        eq = s.indexOf('=', i);
        if (eq < 0) {
          break;
        }
      }
      if (eq < end
          && end > eq + 1
          && eq - i <= 4 * SecretNames.MAX_NAME
          && SecretNames.isSecretParameter(s.substring(i, eq).strip())) {
        out.replace(eq + 1, end, tally);
      }
      i = end + 1;
    }
    return out.result();
  }

  /**
   * Parts between delimiter lines ({@code --BOUNDARY} at the start of the body or of a line); a
   * part is header lines, a blank line, then its content up to the line break before the next
   * delimiter (or the end of a cut body).
   */
  private static String multipart(String s, String boundary, RedactionTally tally) {
    String delimiter = "--" + boundary;
    Splicer out = new Splicer(s);
    int n = s.length();
    int at = delimiterAt(s, delimiter, 0);
    while (at >= 0) {
      int afterDelimiter = at + delimiter.length();
      if (s.startsWith("--", afterDelimiter)) {
        break; // the close delimiter
      }
      int lineEnd = s.indexOf('\n', afterDelimiter);
      if (lineEnd < 0) {
        break;
      }
      int next = delimiterAt(s, delimiter, lineEnd + 1);
      int partEnd = next < 0 ? n : next;
      String name = null;
      int contentStart = -1;
      int line = lineEnd + 1;
      while (line < partEnd) {
        int le = s.indexOf('\n', line);
        if (le < 0 || le >= partEnd) {
          break; // headers cut short
        }
        int textEnd = le > line && s.charAt(le - 1) == '\r' ? le - 1 : le;
        if (textEnd == line) {
          contentStart = le + 1;
          break;
        }
        String found = dispositionName(s, line, textEnd);
        if (found != null) {
          name = found;
        }
        line = le + 1;
      }
      if (contentStart >= 0 && name != null && SecretNames.isSecretParameter(name)) {
        int contentEnd = next < 0 ? n : lineBreakBefore(s, next, contentStart);
        if (contentEnd > contentStart) {
          out.replace(contentStart, contentEnd, tally);
        }
      }
      at = next;
    }
    return out.result();
  }

  /** The next delimiter at or after {@code from} that starts the body or a line, or -1. */
  private static int delimiterAt(String s, String delimiter, int from) {
    int i = s.indexOf(delimiter, from);
    while (i > 0 && s.charAt(i - 1) != '\n') {
      i = s.indexOf(delimiter, i + 1);
    }
    return i;
  }

  /** Where the line break ({@code \r\n} or {@code \n}) before a delimiter line starts. */
  private static int lineBreakBefore(String s, int delimiter, int notBefore) {
    int end = delimiter - 1; // the '\n'
    if (end > notBefore && s.charAt(end - 1) == '\r') {
      end--;
    }
    return Math.max(end, notBefore);
  }

  /** The {@code name} of a {@code Content-Disposition} header line {@code s[from, to)}, or null. */
  private static String dispositionName(String s, int from, int to) {
    String header = "content-disposition";
    if (to - from <= header.length() || !s.regionMatches(true, from, header, 0, header.length())) {
      return null;
    }
    int i = from + header.length();
    while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    if (i >= to || s.charAt(i) != ':') {
      return null;
    }
    return parameter(s, i + 1, to, "name");
  }

  /**
   * The value of parameter {@code wanted} (or {@code wanted*}, RFC 5987) in a header value {@code
   * s[from, to)} such as {@code form-data; name="x"} or {@code multipart/form-data; boundary=y}:
   * unquoted, or null when it is not there.
   */
  static String parameter(String s, int from, int to, String wanted) {
    int i = from;
    while (i < to && s.charAt(i) != ';') {
      i++; // the type before the first ';'
    }
    while (i < to) {
      i++; // past ';'
      int nameStart = i;
      while (i < to && s.charAt(i) != '=' && s.charAt(i) != ';') {
        i++;
      }
      String name = s.substring(nameStart, i).strip();
      if (i >= to || s.charAt(i) == ';') {
        continue; // a parameter without a value
      }
      i++; // past '='
      while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      String value;
      if (i < to && s.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        while (i < to && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < to) {
            i++;
          }
          v.append(s.charAt(i));
          i++;
        }
        value = v.toString();
        while (i < to && s.charAt(i) != ';') {
          i++;
        }
      } else {
        int valueStart = i;
        while (i < to && s.charAt(i) != ';') {
          i++;
        }
        value = s.substring(valueStart, i).strip();
      }
      if (name.equalsIgnoreCase(wanted)) {
        return value;
      }
      if (name.equalsIgnoreCase(wanted + "*")) {
        // charset'language'percent-encoded-value
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        return second < 0 ? value : value.substring(second + 1);
      }
    }
    return null;
  }
}
