package dev.tokentap.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Form bodies, url-encoded and multipart, redacted by their Content-Type. */
class FormFieldsTest {

  static final String URL_ENCODED = "application/x-www-form-urlencoded";
  static final String BOUNDARY = "----tokentap7MA4YWxkTrZu0gW";
  static final String MULTIPART = "multipart/form-data; boundary=\"" + BOUNDARY + "\"";

  @Test
  void urlEncodedSecretFieldsLoseTheirWholeValue() {
    String body =
        "model=tiny&api_key=abc%2Cdef,ghi;jkl&api%5Fkey=enc&password=p+w&note=hello"
            + "&max_tokens=32&key=k&sig=s&user%5Bpassword%5D=pp&token=&stream=true";
    assertThat(redact(body, URL_ENCODED + "; charset=UTF-8", false))
        .isEqualTo(
            "model=tiny&api_key=[REDACTED]&api%5Fkey=[REDACTED]&password=[REDACTED]&note=hello"
                + "&max_tokens=32&key=[REDACTED]&sig=[REDACTED]&user%5Bpassword%5D=[REDACTED]"
                + "&token=&stream=true");
    // the same bytes said to be something else are no form
    assertThat(redact(body, "text/plain", false)).isEqualTo(body);
  }

  @Test
  void aUrlEncodedBodyCutShortIsRedactedToTheCut() {
    assertThat(redact("a=1&api_key=abcdef", URL_ENCODED, true)).isEqualTo("a=1&api_key=[REDACTED]");
    assertThat(redact("a=1&api_k", URL_ENCODED, true)).isEqualTo("a=1&api_k");
  }

  @Test
  void multipartPartsNamedLikeSecretsLoseTheirContent() {
    byte[] body =
        multipart(
            part("form-data; name=\"model\"", null, "tiny"),
            part("form-data; name=\"api_key\"", null, "abc\r\ndef"),
            part("form-data; name=file; filename=\"a.bin\"", "application/octet-stream", BINARY),
            part("form-data; filename=\"k.pem\"; name=\"private_key\"", "text/plain", "-----x"),
            part("form-data; name*=UTF-8''client%5Fsecret", null, "cs"),
            part("form-data; name=\"note\"", null, "my api_key=abc is here"));
    String out = redact(new String(body, ISO_8859_1), MULTIPART, false);
    assertThat(out)
        .isEqualTo(
            new String(
                multipart(
                    part("form-data; name=\"model\"", null, "tiny"),
                    part("form-data; name=\"api_key\"", null, "[REDACTED]"),
                    part(
                        "form-data; name=file; filename=\"a.bin\"",
                        "application/octet-stream",
                        BINARY),
                    part(
                        "form-data; filename=\"k.pem\"; name=\"private_key\"",
                        "text/plain",
                        "[REDACTED]"),
                    part("form-data; name*=UTF-8''client%5Fsecret", null, "[REDACTED]"),
                    part("form-data; name=\"note\"", null, "my api_key=abc is here")),
                ISO_8859_1));
  }

  @Test
  void multipartWithBareLineFeedsAndAnUnquotedBoundary() {
    String body =
        "preamble\n--b\nContent-Disposition: form-data; name=\"token\"\n\nt0k\n--b\n"
            + "content-disposition:form-data;name=x\n\nplain\n--b--\nepilogue";
    assertThat(redact(body, "Multipart/Form-Data; boundary=b", false))
        .isEqualTo(
            "preamble\n--b\nContent-Disposition: form-data; name=\"token\"\n\n[REDACTED]\n--b\n"
                + "content-disposition:form-data;name=x\n\nplain\n--b--\nepilogue");
  }

  @Test
  void aMultipartBodyCutShortIsRedactedToTheCut() {
    String head = "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n";
    assertThat(redact(head + "abcdef", "multipart/form-data; boundary=b", true))
        .isEqualTo(head + "[REDACTED]");
    // cut inside the headers: nothing of the value is there
    String cut = "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n";
    assertThat(redact(cut, "multipart/form-data; boundary=b", true)).isEqualTo(cut);
  }

  @Test
  void aMultipartBodyWithoutItsBoundaryIsLeftToTheGenericPasses() {
    String body = "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nabc\r\n--b--\r\n";
    assertThat(redact(body, "multipart/form-data", false)).isEqualTo(body);
    assertThat(redact(body, "multipart/form-data; boundary=other", false)).isEqualTo(body);
    // a credential-shaped value is still caught by the generic pass
    String key = body.replace("abc", "sk-abcdefghijklmnopqrstuvwxyz");
    assertThat(redact(key, "multipart/form-data", false)).contains("\r\n\r\n[REDACTED]\r\n");
  }

  /** Every prefix of a form, and random damage to it: nothing throws, no complete secret stays. */
  @Test
  void malformedAndCutFormsNeverThrowNorLeakACompleteSecret() {
    String secret = "s3cr3tVALUE";
    String multipart =
        new String(
            multipart(
                part("form-data; name=\"a\"", null, "1"),
                part("form-data; name=\"api_key\"", null, secret),
                part("form-data; name=\"f\"; filename=\"b\"", "application/octet-stream", BINARY),
                part("form-data; name=\"password\"", null, secret)),
            ISO_8859_1);
    String urlEncoded = "a=1&api_key=" + secret + "&b=2&password=" + secret;
    List<String> contentTypes =
        List.of(
            MULTIPART,
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"" + BOUNDARY,
            "multipart/form-data;;;boundary",
            URL_ENCODED,
            URL_ENCODED + ";");
    for (List<String> formAndType :
        List.of(List.of(multipart, MULTIPART), List.of(urlEncoded, URL_ENCODED))) {
      String form = formAndType.get(0);
      String type = formAndType.get(1);
      for (int cut = 0; cut <= form.length(); cut++) {
        String prefix = form.substring(0, cut);
        for (String contentType : contentTypes) {
          assertThatCode(() -> redact(prefix, contentType, true)).doesNotThrowAnyException();
        }
        assertThat(redact(prefix, type, true)).as("cut at %d", cut).doesNotContain(secret);
      }
      Random random = new Random(42);
      for (int round = 0; round < 2_000; round++) {
        char[] damaged = form.toCharArray();
        for (int k = 0; k < 4; k++) {
          damaged[random.nextInt(damaged.length)] = "\r\n\";=&-\\\0b".charAt(random.nextInt(10));
        }
        String text = new String(damaged);
        for (String contentType : contentTypes) {
          assertThatCode(() -> redact(text, contentType, random.nextBoolean()))
              .doesNotThrowAnyException();
        }
      }
    }
  }

  static final String BINARY;

  static {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      b.append((char) i);
    }
    b.append("--").append(BOUNDARY, 0, 8); // looks like, but is not, a delimiter
    BINARY = b.toString();
  }

  static String part(String disposition, String type, String content) {
    return "Content-Disposition: "
        + disposition
        + "\r\n"
        + (type == null ? "" : "Content-Type: " + type + "\r\n")
        + "\r\n"
        + content;
  }

  static byte[] multipart(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : parts) {
      out.writeBytes(("--" + BOUNDARY + "\r\n" + p + "\r\n").getBytes(ISO_8859_1));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(ISO_8859_1));
    return out.toByteArray();
  }

  static String redact(String body, String contentType, boolean truncated) {
    byte[] out =
        CaptureRedactor.redactBody(
            body.getBytes(ISO_8859_1), contentType, truncated, new RedactionTally());
    return new String(out, ISO_8859_1);
  }
}
