package dev.tokentap.fleet;

/** The {@code client} label: the product of a {@code User-Agent} ({@code curl} of "curl/8.5.0"). */
final class ClientLabel {

  /** The value when the request had no {@code User-Agent}. */
  static final String NONE = "none";

  private static final int MAX_LENGTH = 40;

  private ClientLabel() {}

  /**
   * The first product token of {@code userAgent}: up to the first '/', space or '(', keeping
   * letters, digits, '.', '_' and '-' only, at most 40 characters; {@link #NONE} when that leaves
   * nothing.
   */
  static String of(String userAgent) {
    if (userAgent == null) {
      return NONE;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < userAgent.length() && b.length() < MAX_LENGTH; i++) {
      char c = userAgent.charAt(i);
      if (c == '/' || c == ' ' || c == '(' || c == '\t') {
        if (b.isEmpty() && c == ' ') {
          continue; // leading spaces
        }
        break;
      }
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-') {
        b.append(c);
      }
    }
    return b.isEmpty() ? NONE : b.toString();
  }
}
