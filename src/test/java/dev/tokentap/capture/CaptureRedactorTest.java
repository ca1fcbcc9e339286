package dev.tokentap.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureRedactorTest {

  static final String SECRET = "sk-tokentap-TEST-SECRET-0123456789abcdef";
  static final byte[] SALT = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);

  private final CaptureRedactor redactor =
      new CaptureRedactor(CapturePolicy.DEFAULT, new CredentialFingerprint(SALT));

  @Test
  void secretHeaderValuesAreReplaced() {
    List<Header> in =
        List.of(
            new Header("Authorization", "Bearer " + SECRET),
            new Header("x-api-key", SECRET),
            new Header("Cookie", "session=abc"),
            new Header("X-Session-Token", "t0k"),
            new Header("Content-Type", "application/json"),
            new Header("X-Forwarded-Note", "key was " + SECRET),
            new Header("Proxy-Authorization", "Basic dXNlcjpwYXNz"));
    RedactionTally tally = new RedactionTally();
    List<Header> out = CaptureRedactor.redactHeaders(in, tally);
    assertThat(out)
        .containsExactly(
            new Header("Authorization", "[REDACTED]"),
            new Header("x-api-key", "[REDACTED]"),
            new Header("Cookie", "[REDACTED]"),
            new Header("X-Session-Token", "[REDACTED]"),
            new Header("Content-Type", "application/json"),
            new Header("X-Forwarded-Note", "key was [REDACTED]"),
            new Header("Proxy-Authorization", "[REDACTED]"));
    assertThat(tally.count()).isEqualTo(6);
  }

  @Test
  void secretJsonStringFieldsAreReplacedButCountsStay() {
    String body =
        """
        {"model":"tiny","api_key":"abc123","apiKey" : "def","Api-Key":"x","password":"hunter2",\
        "client_secret":"cs","refresh_token":"rt","tokens":[1,2],"max_tokens":32,"token":7,\
        "usage":{"prompt_tokens":5},"ID_TOKEN":"idt","name":"api_key"}""";
    String out = redactText(body, false);
    assertThat(out)
        .isEqualTo(
            """
            {"model":"tiny","api_key":"[REDACTED]","apiKey" : "[REDACTED]","Api-Key":"[REDACTED]",\
            "password":"[REDACTED]","client_secret":"[REDACTED]","refresh_token":"[REDACTED]",\
            "tokens":[1,2],"max_tokens":32,"token":7,"usage":{"prompt_tokens":5},\
            "ID_TOKEN":"[REDACTED]","name":"api_key"}""");
  }

  @Test
  void escapedQuotesInsideValuesAreRespected() {
    String body = "{\"password\":\"a\\\"b\\\\\",\"x\":\"y\"}";
    assertThat(redactText(body, false)).isEqualTo("{\"password\":\"[REDACTED]\",\"x\":\"y\"}");
  }

  @Test
  void jsonInsideJsonStringIsRedacted() {
    String body =
        "{\"arguments\":\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"p\\\\\\\"w\\\"}\"}";
    assertThat(redactText(body, false))
        .isEqualTo(
            "{\"arguments\":\"{\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"[REDACTED]\\\"}\"}");
  }

  @Test
  void credentialShapesAreReplacedAnywhere() {
    String body =
        "key "
            + SECRET
            + " gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 aws AKIAIOSFODNN7EXAMPLE"
            + " pat github_pat_11ABCDEFG0123456789_abcdefghijklmnop"
            + " auth: Bearer eyJhbGciOi.J9.abc-def_ghi end";
    assertThat(redactText(body, false))
        .isEqualTo(
            "key [REDACTED] gh [REDACTED] aws [REDACTED] pat [REDACTED] auth: Bearer [REDACTED]"
                + " end");
  }

  @Test
  void ordinaryWordsAreNotCredentials() {
    String body = "task-abcdefghijklmnopqrstuv ask-me sk-short Bearer of news tokens AKIA";
    assertThat(redactText(body, false)).isEqualTo(body);
  }

  @Test
  void pemBlocksAreReplacedAlsoInsideJsonStrings() {
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";
    assertThat(redactText("x\n" + pem + "\ny", false))
        .isEqualTo("x\n-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----\ny");
    String json = "{\"content\":\"" + pem.replace("\n", "\\n") + "\"}";
    assertThat(redactText(json, false))
        .isEqualTo(
            "{\"content\":\"-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE"
                + " KEY-----\"}");
    assertThat(redactText("-----BEGIN PRIVATE KEY-----\nMIIE cut here", true))
        .isEqualTo("-----BEGIN PRIVATE KEY-----[REDACTED]");
  }

  @Test
  void aCredentialCutByTruncationIsReplacedToo() {
    assertThat(redactText("hello sk-abc", true)).isEqualTo("hello sk-[REDACTED]");
    assertThat(redactText("hello sk-abc", false)).isEqualTo("hello sk-abc");
    assertThat(redactText("{\"api_key\":\"sk-ab", true)).isEqualTo("{\"api_key\":\"[REDACTED]");
  }

  @Test
  void binaryAndUtf8BytesSurviveUntouched() {
    byte[] body = new byte[512];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    byte[] utf8 = "héllo — 🚀 \"password\":\"x\"".getBytes(UTF_8);
    assertThat(CaptureRedactor.redactBody(body, null, false, new RedactionTally())).isSameAs(body);
    assertThat(
            new String(CaptureRedactor.redactBody(utf8, null, false, new RedactionTally()), UTF_8))
        .isEqualTo("héllo — 🚀 \"password\":\"[REDACTED]\"");
  }

  @Test
  void wholeExchangeIsRedactedAndFingerprinted() throws IOException {
    String reqBody =
        "{\"api_key\":\"" + SECRET + "\",\"messages\":[{\"content\":\"" + SECRET + "\"}]}";
    Exchange e =
        exchange(
            List.of(
                new Header("Authorization", "Bearer " + SECRET),
                new Header("Content-Type", "application/json"),
                new Header("User-Agent", "curl/8 " + SECRET)),
            "api_key=" + SECRET + "&stream=true&sig=abc",
            "http://user:" + SECRET + "@127.0.0.1:8080/?token=" + SECRET,
            "upstream said: invalid key " + SECRET,
            reqBody.getBytes(UTF_8),
            List.of(new Header("Content-Encoding", "gzip")),
            BodyDecoderTest.gzip("{\"ok\":true}".getBytes(UTF_8)));

    RedactedExchange r = redactor.redact(e);

    assertThat(r.query()).isEqualTo("api_key=[REDACTED]&stream=true&sig=[REDACTED]");
    assertThat(r.upstream()).isEqualTo("http://[REDACTED]@127.0.0.1:8080/?token=[REDACTED]");
    assertThat(r.error()).isEqualTo("upstream said: invalid key [REDACTED]");
    assertThat(r.userAgent()).isEqualTo("curl/8 [REDACTED]");
    assertThat(r.credentialFingerprint())
        .hasSize(12)
        .matches("[0-9a-f]{12}")
        .isEqualTo(new CredentialFingerprint(SALT).ofToken(SECRET))
        .isNotEqualTo(new CredentialFingerprint(CredentialFingerprint.newSalt()).ofToken(SECRET));
    Capture c = r.capture();
    assertThat(new String(c.request().bytes(), UTF_8))
        .isEqualTo("{\"api_key\":\"[REDACTED]\",\"messages\":[{\"content\":\"[REDACTED]\"}]}");
    assertThat(new String(c.response().bytes(), UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(c.response().wireEncoding()).isEqualTo("gzip");
    assertThat(c.response().decoded()).isTrue();
    // query 2, upstream 3 (the password and the token as credential shapes, then the user info
    // with its user name), error 1, user agent 1, headers 2 (Authorization, User-Agent), body 2
    assertThat(c.redactions()).isEqualTo(r.redactions()).isEqualTo(11);
    assertThat(c.requestHeaders().toString()).doesNotContain(SECRET);
    assertThat(r.toString().replace(e.toString(), "")).doesNotContain(SECRET);
  }

  @Test
  void capturesOffKeepsMetadataOnly() {
    CaptureRedactor off =
        new CaptureRedactor(
            CapturePolicy.DEFAULT.withCapturesEnabled(false), new CredentialFingerprint(SALT));
    RedactedExchange r =
        off.redact(
            exchange(
                List.of(new Header("X-Api-Key", SECRET)),
                "key=" + SECRET,
                "http://h/",
                null,
                new byte[0],
                List.of(),
                new byte[0]));
    assertThat(r.capture()).isNull();
    assertThat(r.query()).isEqualTo("key=[REDACTED]");
    assertThat(r.credentialFingerprint())
        .isEqualTo(new CredentialFingerprint(SALT).ofToken(SECRET));
  }

  @Test
  void fingerprintUsesTokenAfterSchemeThenApiKeyHeaders() {
    CredentialFingerprint fp = new CredentialFingerprint(SALT);
    String expected = fp.ofToken("abc");
    assertThat(fp.of(List.of(new Header("authorization", "Bearer  abc ")))).isEqualTo(expected);
    assertThat(fp.of(List.of(new Header("X-API-KEY", "abc")))).isEqualTo(expected);
    assertThat(fp.of(List.of(new Header("Api-Key", "abc")))).isEqualTo(expected);
    assertThat(fp.of(List.of(new Header("Accept", "*/*")))).isNull();
  }

  static String redactText(String s, boolean truncated) {
    byte[] out =
        CaptureRedactor.redactBody(s.getBytes(ISO_8859_1), null, truncated, new RedactionTally());
    return new String(out, ISO_8859_1);
  }

  static Exchange exchange(
      List<Header> requestHeaders,
      String query,
      String upstream,
      String error,
      byte[] requestBody,
      List<Header> responseHeaders,
      byte[] responseBody) {
    return new Exchange(
        1,
        1_700_000_000_000L,
        "POST",
        "/v1/chat/completions",
        query,
        "127.0.0.1:50000",
        upstream,
        requestHeaders,
        200,
        responseHeaders,
        false,
        requestBody.length,
        responseBody.length,
        12.5,
        Outcome.OK,
        error,
        ExchangeMetrics.EMPTY,
        new CapturedBody(requestBody, requestBody.length, false),
        new CapturedBody(responseBody, responseBody.length, false));
  }
}
