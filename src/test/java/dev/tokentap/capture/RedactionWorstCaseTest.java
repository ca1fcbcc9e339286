package dev.tokentap.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial 16 MiB bodies: every redaction pass must stay linear (a backtracking regex would take
 * hours on some of these, or overflow the stack). The timeout is a generous hang guard, not a speed
 * target; the time taken is printed.
 */
class RedactionWorstCaseTest {

  private static final int SIZE = 16 * 1024 * 1024;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"api_key\":\"",
        "\"api_key\":",
        "\"a\":\"",
        "\"\\\"",
        "\\\\\\\"password\\\\\\\":\\\\\\\"",
        "\\\"api_key\\\":\\\"x",
        "\\\\\\\\\\\\\\\"",
        "sk-abcdefghijklmno ",
        "sk-",
        "a",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN                                         ",
        "-----END RSA PRIVATE KEY----- -----BEGIN PRIVATE KEY-----x",
        "Bearer ",
        "bearer\tabcdefg ",
        "AKIA",
        "ghp_",
        "api_key=",
        "==========",
        "\"token\":\"x\",",
        "://",
        "http://a@",
        "https://h/?token=",
        "x:\\/\\/u:p@",
        "a://b?key=",
      })
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sixteenMebibytesOfOnePattern(String unit) {
    byte[] body = unit.repeat(SIZE / unit.length() + 1).substring(0, SIZE).getBytes(ISO_8859_1);
    long t0 = System.nanoTime();
    RedactionTally tally = new RedactionTally();
    byte[] out = CaptureRedactor.redactBody(body, null, true, tally);
    String text = SecretParameters.redact(new String(body, ISO_8859_1), tally);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "worst case %-40s %d ms, %d redactions%n", "'" + unit + "'", ms, tally.count());
    assertThat(out).isNotNull();
    assertThat(text).isNotNull();
  }

  /** The same for the form passes, which only run on a body said to be a form. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "api_key=",
        "&",
        "=",
        "a=b&",
        "--b\r\n",
        "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n",
        "--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nx\r\n",
        "\n",
        "--",
        "Content-Disposition: form-data; name=\"",
      })
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sixteenMebibytesOfOneFormPattern(String unit) {
    byte[] body = unit.repeat(SIZE / unit.length() + 1).substring(0, SIZE).getBytes(ISO_8859_1);
    for (String contentType :
        new String[] {
          "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
        }) {
      long t0 = System.nanoTime();
      RedactionTally tally = new RedactionTally();
      byte[] out = CaptureRedactor.redactBody(body, contentType, true, tally);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "worst case %-40s %-35s %d ms, %d redactions%n",
          "'" + unit.replace("\r\n", "|") + "'", contentType, ms, tally.count());
      assertThat(out).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void realisticJsonOfSixteenMebibytes(int secrets) {
    String message =
        "{\"role\":\"user\",\"content\":\"a long conversation line with \\\"quotes\\\" "
            + (secrets == 1 ? "and sk-abcdefghijklmnopqrstuvwxyz01 " : "")
            + "and more text\"},";
    String json = "{\"messages\":[" + message.repeat(SIZE / message.length()) + "{}]}";
    long t0 = System.nanoTime();
    RedactionTally tally = new RedactionTally();
    CaptureRedactor.redactBody(json.getBytes(ISO_8859_1), "application/json", false, tally);
    System.out.printf(
        "realistic 16 MiB JSON: %d ms, %d redactions%n",
        (System.nanoTime() - t0) / 1_000_000, tally.count());
    assertThat(tally.count() > 0).isEqualTo(secrets == 1);
  }
}
