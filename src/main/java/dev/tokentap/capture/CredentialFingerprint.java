package dev.tokentap.capture;

import dev.tokentap.model.Header;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells API keys apart without keeping them: the first 12 hex chars of HMAC-SHA256(salt, key),
 * where the salt is random per data dir. The same key gives the same fingerprint in one data dir
 * and an unrelated one elsewhere; the key cannot be recovered from it.
 */
public final class CredentialFingerprint {

  /** Hex chars kept of the HMAC. */
  public static final int LENGTH = 12;

  private static final String ALGORITHM = "HmacSHA256";

  private final Mac mac;

  /** A fingerprinter keyed with {@code salt} (at least 16 bytes, see {@link #newSalt()}). */
  public CredentialFingerprint(byte[] salt) {
    if (salt.length < 16) {
      throw new IllegalArgumentException("salt too short: " + salt.length + " bytes");
    }
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(salt, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** 32 random bytes for a new data dir. */
  public static byte[] newSalt() {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    return salt;
  }

  /**
   * The fingerprint of the credential a request carries: the token after the scheme in {@code
   * Authorization}, else the value of {@code X-Api-Key}, else of {@code Api-Key}; null when there
   * is none.
   */
  public String of(List<Header> requestHeaders) {
    String auth = Header.first(requestHeaders, "Authorization");
    String token = auth == null ? null : afterScheme(auth.strip());
    if (token == null || token.isEmpty()) {
      token = strip(Header.first(requestHeaders, "X-Api-Key"));
    }
    if (token == null || token.isEmpty()) {
      token = strip(Header.first(requestHeaders, "Api-Key"));
    }
    return token == null || token.isEmpty() ? null : ofToken(token);
  }

  /** The fingerprint of one credential. */
  public synchronized String ofToken(String token) {
    byte[] digest = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, LENGTH);
  }

  private static String afterScheme(String value) {
    int space = indexOfSpace(value);
    return space < 0 ? value : value.substring(space + 1).strip();
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
