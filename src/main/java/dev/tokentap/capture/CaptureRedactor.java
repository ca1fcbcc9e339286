package dev.tokentap.capture;

import static dev.tokentap.capture.RedactionTally.REDACTED;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@link Exchange} into what may be stored: decoded, capped, redacted headers and bodies
 * plus redacted metadata and a credential fingerprint. Nothing of the exchange reaches a file
 * without passing here; {@link #redactText} is the same redaction for a text printed or shown
 * elsewhere (the upstream URL in a start line, an error in a log line).
 *
 * <p>Redacted, each value becoming {@code [REDACTED]}:
 *
 * <ul>
 *   <li>header values of {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code
 *       Set-Cookie}, {@code X-Api-Key}, {@code Api-Key} and of every header whose name contains
 *       token, secret or key; in all other header values what {@link #redactText} replaces;
 *   <li>in bodies (bytes read as ISO-8859-1, so binary and UTF-8 pass unchanged): the fields of
 *       url-encoded and multipart forms named like secrets ({@link FormFields}, by the body's
 *       {@code Content-Type}), string values of secret-named JSON fields, the user info and secret
 *       parameters of URLs ({@link Urls}) and credential-shaped strings anywhere ({@link
 *       CredentialPatterns});
 *   <li>in the path, query, upstream URL, user agent and error text: what {@link #redactText}
 *       replaces.
 * </ul>
 *
 * <p>Not thread-safe: one instance per writer thread.
 */
public final class CaptureRedactor {

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

  /**
   * A text that may hold a secret, as it may be printed, shown or stored: a URL (the upstream), a
   * path or query, an error message, a header value. Secret-named {@code name=value} parameters,
   * the user info and secret parameters of URLs, and credential-shaped strings are replaced. Null
   * stays null.
   */
  public static String redactText(String text) {
    return redactText(text, new RedactionTally());
  }

  static String redactText(String text, RedactionTally tally) {
    // credential shapes first: a parameter's value ends at a space, so "api_key=Bearer TOKEN"
    // would otherwise lose "Bearer" and keep TOKEN, no longer shaped like a credential
    String out = CredentialPatterns.redact(text, tally);
    out = SecretParameters.redact(out, tally);
    return Urls.redact(out, tally);
  }

  /** The exchange as it may be stored; with a capture only when captures are enabled. */
  public RedactedExchange redact(Exchange e) {
    RedactionTally tally = new RedactionTally();
    String path = redactText(e.path(), tally);
    String query = redactText(e.query(), tally);
    String upstream = redactText(e.upstreamUrl(), tally);
    String error = redactText(e.error(), tally);
    String userAgent = redactText(e.userAgent(), tally);
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
        value = redactText(h.value(), tally);
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
    String contentType = Header.first(headers, "Content-Type");
    byte[] bytes = redactBody(d.bytes(), contentType, d.truncated(), tally);
    return new CaptureBody(bytes, d.originalSize(), d.truncated(), encoding, d.decoded());
  }

  /**
   * A body's bytes with secrets replaced; the same array when there was nothing to replace.
   *
   * @param contentType the body's {@code Content-Type}, or null: it says whether it is a form
   * @param truncated whether the body was cut at the capture cap (a secret may be cut in two)
   */
  static byte[] redactBody(
      byte[] bytes, String contentType, boolean truncated, RedactionTally tally) {
    if (bytes.length == 0) {
      return bytes;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String out = FormFields.redact(text, contentType, tally);
    out = JsonSecretFields.redact(out, tally);
    out = Urls.redact(out, tally);
    out = CredentialPatterns.redact(out, tally);
    if (truncated) {
      out = Urls.redactCutEnd(out, tally);
      out = CredentialPatterns.redactCutEnd(out, tally);
    }
    return out == text ? bytes : out.getBytes(StandardCharsets.ISO_8859_1);
  }
}
