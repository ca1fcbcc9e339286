package dev.tokentap.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs the fuzz tests ({@code *FuzzTest} in this package) once failed on, replayed exactly: each
 * test names the property that found it.
 */
class CaptureFuzzRegressionTest {

  private final CaptureRedactor redactor =
      new CaptureRedactor(
          CapturePolicy.DEFAULT,
          new CredentialFingerprint("0123456789abcdef0123456789abcdef".getBytes(UTF_8)));

  /**
   * RedactionFuzzTest.aPlantedSecretIsNeverStored (seed 20261204): a secret-named parameter whose
   * value is a bearer token, "api_key=Bearer CCzL...". The parameter pass replaced "Bearer" (its
   * value ends at the space) and so hid the token from the credential pass, which ran second and no
   * longer saw "Bearer " before it: the token was stored. Shrunk from the same in an upstream URL
   * ("?password=Bearer 4aVt..."); an error text is read the same way.
   */
  @Test
  void aBearerTokenAsAParameterValueIsRedacted() {
    String query = "a=1&api_key=Bearer CCzLNHBFHuRvbI1iI19WjGGR8UNWutFR&b=2";
    String upstream = "http://127.0.0.1:8080/?password=Bearer 4aVtVRWI15KHjzYZqawVAK3NJ4PITFEs";
    String error = "upstream refused api_key=Bearer CCzLNHBFHuRvbI1iI19WjGGR8UNWutFR here";

    RedactedExchange r = redactor.redact(exchange(query, upstream, error));

    assertThat(r.query()).isEqualTo("a=1&api_key=[REDACTED] [REDACTED]&b=2");
    assertThat(r.upstream()).isEqualTo("http://127.0.0.1:8080/?password=[REDACTED] [REDACTED]");
    assertThat(r.error()).isEqualTo("upstream refused api_key=[REDACTED] [REDACTED] here");
    assertThat(r.redactions()).isEqualTo(6);
  }

  /** The order change keeps counting one redaction per secret ("api_key=sk-..." is one). */
  @Test
  void aCredentialAsAParameterValueCountsOnce() {
    RedactedExchange r =
        redactor.redact(exchange("api_key=sk-abcdefghijklmnopqrstuvwx&b=2", null, null));
    assertThat(r.query()).isEqualTo("api_key=[REDACTED]&b=2");
    assertThat(r.redactions()).isEqualTo(1);
  }

  private static Exchange exchange(String query, String upstream, String error) {
    return new Exchange(
        1,
        1_700_000_000_000L,
        "POST",
        "/v1/messages",
        query,
        "127.0.0.1:50000",
        upstream,
        List.of(new Header("Content-Type", "application/json")),
        200,
        List.of(),
        false,
        0,
        0,
        12.5,
        Outcome.OK,
        error,
        ExchangeMetrics.EMPTY,
        new CapturedBody(new byte[0], 0, false),
        new CapturedBody(new byte[0], 0, false));
  }

  /**
   * SessionUpgradeFuzzTest (store): a stored header list {@code [["a",null]]} or {@code null} threw
   * a NullPointerException instead of the documented IllegalArgumentException.
   */
  @Test
  void aHeaderListWithNullsIsNotAHeaderList() {
    assertThatThrownBy(() -> HeadersJson.read("[[\"a\",null]]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeadersJson.read("null")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeadersJson.read("[null]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** SessionUpgradeFuzzTest (store): an empty blob made zstd-jni throw an index exception. */
  @Test
  void noBytesAreNotAZstdFrame() {
    assertThatThrownBy(() -> ZstdCodec.decompress(new byte[0]))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("no bytes");
  }

  /**
   * SessionUpgradeFuzzTest (store): 17 bytes of zstd whose header claims 2 GiB (0x7fffffef) of
   * content were given a 2 GiB array (out of memory), and a 32 KiB frame of undeclared size that
   * expands to 1 GiB was read whole. Past the bound, both are refused.
   */
  @Test
  void zstdIsDecompressedNoFurtherThanTheBound() throws Exception {
    byte[] claiming = {
      0x28,
      (byte) 0xb5,
      0x2f,
      (byte) 0xfd,
      (byte) 0xe0,
      (byte) 0xef,
      (byte) 0xff,
      (byte) 0xff,
      0x7f,
      0,
      0,
      0,
      0,
      0x09,
      0x00,
      0x00,
      'x'
    };
    assertThatThrownBy(() -> ZstdCodec.decompress(claiming, 1 << 20))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("2147483631 bytes, over 1048576");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(out, 1)) {
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) {
        z.write(mib);
      }
    }
    assertThatThrownBy(() -> ZstdCodec.decompress(out.toByteArray(), 1 << 20))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("more than 1048576 bytes");

    byte[] small = ZstdCodec.compress("hello".getBytes(UTF_8));
    assertThat(ZstdCodec.decompress(small, 5)).isEqualTo("hello".getBytes(UTF_8));
  }
}
