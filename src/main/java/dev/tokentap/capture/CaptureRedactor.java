package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an {@link Exchange} into what may be stored: decoded, capped, redacted headers and bodies
 * plus redacted metadata and a credential fingerprint. Nothing of the exchange reaches a file
 * without passing here.
 *
 * <p>Redacted, each value becoming {@code [REDACTED]}:
 *
 * <ul>
 *   <li>header values of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code
 *       Set-Cookie}, {@code X-Api-Key}, {@code Api-Key} and of every header whose name contains
 *       token, secret or key; credential-shaped strings in all other header values;
 *   <li>in bodies (bytes read as ISO-8859-1, so binary and UTF-8 pass unchanged): string values of
 *       secret-named JSON fields, and credential-shaped strings anywhere ({@link
 *       CredentialPatterns});
 *   <li>secret-named query parameters, user info in the upstream URL, credential-shaped strings in
 *       the path, query, upstream URL, user agent and error text.
 * </ul>
 *
 * <p>Not thread-safe: one instance per writer thread.
 */
public final class CaptureRedactor {

  private static final Pattern URL_USER_INFO =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]{0,20}+://)([^/?#@]*+)@");

  private final CapturePolicy policy;
  private final CredentialFingerprint fingerprint;
  private final BodyDecoder decoder;

  public CaptureRedactor(CapturePolicy policy, CredentialFingerprint fingerprint) {
    this.policy = policy;
    this.fingerprint = fingerprint;
    this.decoder = new BodyDecoder(policy.bodyCapBytes());
  }

  public CapturePolicy policy() {
    return policy;
  }

  /** The exchange as it may be stored; with a capture only when captures are enabled. */
  public RedactedExchange redact(Exchange e) {
    RedactionTally tally = new RedactionTally();
    String path = CredentialPatterns.redact(e.path(), tally);
    String query = SecretParameters.redact(CredentialPatterns.redact(e.query(), tally), tally);
    String upstream = redactUrl(e.upstreamUrl(), tally);
    String error = SecretParameters.redact(CredentialPatterns.redact(e.error(), tally), tally);
    String userAgent = CredentialPatterns.redact(e.userAgent(), tally);
    String fp = fingerprint.of(e.requestHeaders());
    Capture capture = null;
    if (policy.capturesEnabled()) {
      List<Header> requestHeaders = redactHeaders(e.requestHeaders(), tally);
      List<Header> responseHeaders = redactHeaders(e.responseHeaders(), tally);
      CaptureBody request = body(e.requestBody(), e.requestHeaders(), tally);
      CaptureBody response = body(e.responseBody(), e.responseHeaders(), tally);
      capture = new Capture(requestHeaders, responseHeaders, request, response, tally.count());
    }
    return new RedactedExchange(
        e, path, query, upstream, error, userAgent, fp, capture, tally.count());
  }

  static List<Header> redactHeaders(List<Header> headers, RedactionTally tally) {
    List<Header> out = new ArrayList<>(headers.size());
    for (Header h : headers) {
      String value;
      if (SecretNames.isSecretHeader(h.name())) {
        value = REDACTED;
        if (!h.value().isEmpty()) {
          tally.add();
        }
      } else {
        value = CredentialPatterns.redact(h.value(), tally);
      }
      out.add(value == h.value() ? h : new Header(h.name(), value));
    }
    return out;
  }

  private CaptureBody body(CapturedBody body, List<Header> headers, RedactionTally tally) {
    if (body == null) {
      return null;
    }
    String encoding = Header.first(headers, "Content-Encoding");
    BodyDecoder.Decoded d = decoder.decode(body, encoding);
    byte[] bytes = redactBody(d.bytes(), d.truncated(), tally);
    return new CaptureBody(bytes, d.originalSize(), d.truncated(), encoding, d.decoded());
  }

  /** A body's bytes with secrets replaced; the same array when there was nothing to replace. */
  static byte[] redactBody(byte[] bytes, boolean truncated, RedactionTally tally) {
    if (bytes.length == 0) {
      return bytes;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String out = JsonSecretFields.redact(text, tally);
    out = CredentialPatterns.redact(out, tally);
    if (truncated) {
      out = CredentialPatterns.redactCutEnd(out, tally);
    }
    return out == text ? bytes : out.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String redactUrl(String url, RedactionTally tally) {
    if (url == null) {
      return null;
    }
    String out = url;
    Matcher m = URL_USER_INFO.matcher(out);
    if (m.find() && !m.group(2).isEmpty()) {
      out = m.group(1) + REDACTED + "@" + out.substring(m.end());
      tally.add();
    }
    return SecretParameters.redact(CredentialPatterns.redact(out, tally), tally);
  }
}
