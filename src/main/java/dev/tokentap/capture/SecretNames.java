package dev.tokentap.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Which names hold secrets: header names, JSON field names (a fixed list: JSON bodies of model APIs
 * are full of names such as {@code max_tokens}, {@code signature} or {@code author} that a looser
 * rule would hit), and the names of {@code name=value} parameters and form fields (one looser rule,
 * {@link #isSecretParameter}, for query strings, URLs, form bodies and multipart parts alike).
 */
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

  /**
   * The one rule for names in {@code name=value} places: query strings and URLs, url-encoded form
   * bodies, multipart form parts, error texts. {@code rawName} is the name as it appears there
   * ({@code api%5Fkey} and {@code api+key} are decoded first). Secret when, lower-cased and without
   * {@code _ - . [ ]}, it contains key, secret, passw, pwd, sig, auth or credential, or token but
   * not tokens: {@code key}, {@code api_key}, {@code sig}, {@code X-Amz-Signature}, {@code
   * access_token}, {@code client_secret}, {@code user[password]}, but not {@code max_tokens}. Every
   * secret JSON field name is one too. It errs on the side of hiding ({@code author} and {@code
   * design} lose their values as well): a parameter has no structure that would tell more.
   */
  static boolean isSecretParameter(String rawName) {
    if (rawName.isEmpty() || rawName.length() > 3 * MAX_NAME) {
      return false;
    }
    String name = decode(rawName);
    if (name.length() > MAX_NAME) {
      return false;
    }
    String n = normalize(name, 0, name.length(), "_-.[] ");
    return n.contains("key")
        || n.contains("secret")
        || n.contains("passw")
        || n.contains("pwd")
        || n.contains("sig")
        || n.contains("auth")
        || n.contains("credential")
        || (n.contains("token") && !n.contains("tokens"));
  }

  /** The JSON field names, for tests: each must also be a secret parameter name. */
  static Set<String> jsonFields() {
    return JSON_FIELDS;
  }

  /**
   * A percent-encoded (form-style: '+' is a space) name decoded; as it was when it does not decode.
   */
  private static String decode(String name) {
    if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
      return name;
    }
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
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
