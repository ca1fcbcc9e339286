package dev.tokentap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.tokentap.model.CapturedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {

  private static final byte[] TEXT =
      "{\"choices\":[{\"text\":\"the lighthouse keeper — ünïcödé\"}]}"
          .repeat(50)
          .getBytes(StandardCharsets.UTF_8);

  private final BodyDecoder decoder = new BodyDecoder(1024 * 1024);

  @Test
  void plainBodyPassesUnchanged() {
    BodyDecoder.Decoded d = decoder.decode(whole(TEXT), null);
    assertThat(d.bytes()).isEqualTo(TEXT);
    assertThat(d.originalSize()).isEqualTo(TEXT.length);
    assertThat(d.truncated()).isFalse();
    assertThat(d.decoded()).isTrue();
    assertThat(decoder.decode(whole(TEXT), "identity").bytes()).isEqualTo(TEXT);
  }

  @Test
  void gzipIsDecoded() throws IOException {
    BodyDecoder.Decoded d = decoder.decode(whole(gzip(TEXT)), "gzip");
    assertThat(d.bytes()).isEqualTo(TEXT);
    assertThat(d.originalSize()).isEqualTo(TEXT.length);
    assertThat(d.truncated()).isFalse();
    assertThat(d.decoded()).isTrue();
  }

  @Test
  void deflateIsDecodedInZlibAndRawForm() {
    assertThat(decoder.decode(whole(deflate(TEXT, false)), "deflate").bytes()).isEqualTo(TEXT);
    BodyDecoder.Decoded raw = decoder.decode(whole(deflate(TEXT, true)), "Deflate");
    assertThat(raw.bytes()).isEqualTo(TEXT);
    assertThat(raw.decoded()).isTrue();
  }

  @Test
  void zstdAndChainsAreDecoded() throws IOException {
    assertThat(decoder.decode(whole(Zstd.compress(TEXT, 3)), "zstd").bytes()).isEqualTo(TEXT);
    assertThat(decoder.decode(whole(gzip(deflate(TEXT, false))), "deflate, gzip").bytes())
        .isEqualTo(TEXT);
  }

  @Test
  void truncatedGzipDecodesAsFarAsItGoes() throws IOException {
    byte[] big = noise(200_000, true);
    byte[] gz = gzip(big);
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);
    BodyDecoder.Decoded d = decoder.decode(new CapturedBody(cut, gz.length, true), "gzip");
    assertThat(d.decoded()).isTrue();
    assertThat(d.truncated()).isTrue();
    assertThat(d.bytes().length).isGreaterThan(1000).isLessThan(big.length);
    assertThat(d.bytes()).isEqualTo(Arrays.copyOf(big, d.bytes().length));
  }

  @Test
  void undecodableBodyKeepsRawBytesAndNotesEncoding() {
    byte[] junk = "definitely not gzip".getBytes(StandardCharsets.US_ASCII);
    BodyDecoder.Decoded d = decoder.decode(whole(junk), "gzip");
    assertThat(d.bytes()).isEqualTo(junk);
    assertThat(d.decoded()).isFalse();
    assertThat(d.originalSize()).isEqualTo(junk.length);

    BodyDecoder.Decoded br = decoder.decode(whole(junk), "br");
    assertThat(br.bytes()).isEqualTo(junk);
    assertThat(br.decoded()).isFalse();
  }

  @Test
  void anEmptyEncodedBodyIsPlainAndEmpty() {
    BodyDecoder.Decoded d = decoder.decode(CapturedBody.EMPTY, "gzip");
    assertThat(d.bytes()).isEmpty();
    assertThat(d.decoded()).isTrue();
    assertThat(d.truncated()).isFalse();
  }

  @Test
  void capAppliesToDecodedSize() throws IOException {
    byte[] big = noise(300_000, true);
    BodyDecoder small = new BodyDecoder(10_000);
    BodyDecoder.Decoded d = small.decode(whole(gzip(big)), "gzip");
    assertThat(d.bytes()).isEqualTo(Arrays.copyOf(big, 10_000));
    assertThat(d.truncated()).isTrue();
    assertThat(d.originalSize()).isEqualTo(big.length);

    BodyDecoder.Decoded plain = small.decode(whole(big), null);
    assertThat(plain.bytes()).hasSize(10_000);
    assertThat(plain.truncated()).isTrue();
    assertThat(plain.originalSize()).isEqualTo(big.length);
  }

  @Test
  void bodyTruncatedByForwarderKeepsWireSize() {
    CapturedBody cut = new CapturedBody(Arrays.copyOf(TEXT, 100), 5_000_000, true);
    BodyDecoder.Decoded d = decoder.decode(cut, null);
    assertThat(d.truncated()).isTrue();
    assertThat(d.originalSize()).isEqualTo(5_000_000);
  }

  static CapturedBody whole(byte[] b) {
    return new CapturedBody(b, b.length, false);
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] b, boolean raw) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    d.setInput(b);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] noise(int n, boolean text) {
    Random r = new Random(42);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = text ? (byte) ('a' + r.nextInt(26)) : (byte) r.nextInt(256);
    }
    return b;
  }
}
