package dev.tokentap.capture;

import java.util.Locale;
import java.util.Set;

/** Which header, JSON field and parameter names hold secrets. */
final class SecretNames {

  private static final Set<String> HEADERS =
      Set.of(
          "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key");

  /** JSON field names, lower case with '_' and '-' removed. */
  private static final Set<String> JSON_FIELDS =
      Set.of(
          "apikey",
          "password",
          "passwd",
          "secret",
          "clientsecret",
          "token",
          "accesstoken",
          "refreshtoken",
          "idtoken",
          "authtoken",
          // a few more spellings of the same things
          "apitoken",
          "apisecret",
          "sessiontoken",
          "secretkey",
          "privatekey",
          "secretaccesskey",
          "xapikey",
          "authorization");

  /** Longest name worth comparing; longer ones are never secret names. */
  static final int MAX_NAME = 64;

  private SecretNames() {}

  /** Headers whose whole value is replaced. */
  static boolean isSecretHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return HEADERS.contains(n) || n.contains("token") || n.contains("secret") || n.contains("key");
  }

  /** {@link #JSON_FIELDS} by length, for comparing without building a string. */
  private static final String[][] JSON_FIELDS_BY_LENGTH = byLength(JSON_FIELDS);

  /**
   * A JSON field name, given as {@code s[from, to)} without its quotes. Called for every string
   * valued field of every body, so it allocates nothing.
   */
  static boolean isSecretJsonField(CharSequence s, int from, int to) {
    if (to - from > MAX_NAME || to <= from) {
      return false;
    }
    int length = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '_' && c != '-') {
        length++;
      }
    }
    if (length >= JSON_FIELDS_BY_LENGTH.length) {
      return false;
    }
    for (String field : JSON_FIELDS_BY_LENGTH[length]) {
      if (equalsNormalized(s, from, to, field)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s[from, to)}, lower-cased and without '_' and '-', equals {@code field}. */
  private static boolean equalsNormalized(CharSequence s, int from, int to, String field) {
    int j = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '_' || c == '-') {
        continue;
      }
      if (Character.toLowerCase(c) != field.charAt(j++)) {
        return false;
      }
    }
    return true;
  }

  private static String[][] byLength(Set<String> names) {
    int max = names.stream().mapToInt(String::length).max().orElse(0);
    String[][] table = new String[max + 1][];
    for (int len = 0; len <= max; len++) {
      int l = len;
      table[len] = names.stream().filter(n -> n.length() == l).sorted().toArray(String[]::new);
    }
    return table;
  }

  /** A query-string style parameter name (already percent-decoded). */
  static boolean isSecretParameter(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    String n = normalize(name, 0, name.length(), "_-.[]");
    return n.contains("key")
        || n.contains("secret")
        || n.contains("passw")
        || n.contains("pwd")
        || n.contains("sig")
        || n.contains("auth")
        || n.contains("credential")
        || (n.contains("token") && !n.contains("tokens"));
  }

  private static String normalize(CharSequence s, int from, int to, String drop) {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (drop.indexOf(c) < 0) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }
}
