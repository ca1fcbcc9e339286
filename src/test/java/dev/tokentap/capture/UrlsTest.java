package dev.tokentap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Header;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secret parameters and URL user info, in metadata texts, header values and bodies. */
class UrlsTest {

  @Test
  void shortAndLongSecretParameterNamesAreCaught() {
    assertThat(
            CaptureRedactor.redactText(
                "key=a&sig=b&token=c&access_token=d&api_key=e&X-Amz-Signature=f&max_tokens=5"
                    + "&stream=true&api%5Fkey=g&client_secret=h&pwd=i&Auth=j&tokens=7"))
        .isEqualTo(
            "key=[REDACTED]&sig=[REDACTED]&token=[REDACTED]&access_token=[REDACTED]"
                + "&api_key=[REDACTED]&X-Amz-Signature=[REDACTED]&max_tokens=5&stream=true"
                + "&api%5Fkey=[REDACTED]&client_secret=[REDACTED]&pwd=[REDACTED]&Auth=[REDACTED]"
                + "&tokens=7");
  }

  @Test
  void everySecretJsonFieldNameIsASecretParameterName() {
    assertThat(SecretNames.jsonFields()).allMatch(SecretNames::isSecretParameter);
  }

  @Test
  void userInfoIsReplacedInEveryUrlOfAText() {
    assertThat(CaptureRedactor.redactText("http://user:PASSWORD@host:8080/base"))
        .isEqualTo("http://[REDACTED]@host:8080/base");
    assertThat(
            CaptureRedactor.redactText(
                "cannot reach https://u:p@ss@h/x?q=1 nor postgres+ssl://bob:pw@db/app,"
                    + " nor (https://ghp_abc@github.com)"))
        .isEqualTo(
            "cannot reach https://[REDACTED]@h/x?q=1 nor postgres+ssl://[REDACTED]@db/app,"
                + " nor (https://[REDACTED]@github.com)");
    // '@' past the authority is no user info
    String noUserInfo = "see https://medium.com/@user and http://h:80/?a=b@c, mail bob@x.org";
    assertThat(CaptureRedactor.redactText(noUserInfo)).isEqualTo(noUserInfo);
    // already redacted: stays as it is, and is not counted again
    RedactionTally tally = new RedactionTally();
    assertThat(CaptureRedactor.redactText("http://[REDACTED]@h/?token=[REDACTED]", tally))
        .isEqualTo("http://[REDACTED]@h/?token=[REDACTED]");
    assertThat(tally.count()).isZero();
  }

  @Test
  void urlsInBodiesLoseUserInfoAndSecretParameters() {
    String json =
        "{\"tool\":\"fetch\",\"url\":\"https://bob:hunter2@example.com/cb?access_token=zzz&page=2\","
            + "\"escaped\":\"https:\\/\\/amy:pw1@example.com\\/x?a=1\\u0026key=k2\\u0026b=2\","
            + "\"prose\":\"the key=value pairs\"}";
    assertThat(CaptureRedactorTest.redactText(json, false))
        .isEqualTo(
            "{\"tool\":\"fetch\",\"url\":\"https://[REDACTED]@example.com/cb?access_token=[REDACTED]"
                + "&page=2\",\"escaped\":\"https:\\/\\/[REDACTED]@example.com\\/x?a=1\\u0026key="
                + "[REDACTED]\\u0026b=2\",\"prose\":\"the key=value pairs\"}");
  }

  @Test
  void aUrlCutInItsAuthorityAtTheEndOfATruncatedBodyIsReplaced() {
    assertThat(CaptureRedactorTest.redactText("clone https://user:tok", true))
        .isEqualTo("clone https://[REDACTED]");
    assertThat(CaptureRedactorTest.redactText("clone https://user:tok", false))
        .isEqualTo("clone https://user:tok");
    assertThat(CaptureRedactorTest.redactText("see https://example.com", true))
        .isEqualTo("see https://example.com");
  }

  @Test
  void headerValuesLoseUrlSecretsToo() {
    RedactionTally tally = new RedactionTally();
    assertThat(
            CaptureRedactor.redactHeaders(
                List.of(
                    new Header("Location", "https://app/cb?code=1&access_token=abc"),
                    new Header("Referer", "https://u:p@app/"),
                    new Header("Content-Type", "multipart/form-data; boundary=xyz")),
                tally))
        .extracting(Header::value)
        .containsExactly(
            "https://app/cb?code=1&access_token=[REDACTED]",
            "https://[REDACTED]@app/",
            "multipart/form-data; boundary=xyz");
    assertThat(tally.count()).isEqualTo(2);
  }
}
