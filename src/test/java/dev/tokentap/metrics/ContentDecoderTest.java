package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecoderTest {

  private static final byte[] TEXT =
      "data: {\"choices\":[{\"delta\":{\"content\":\"héllo 日本\"}}]}\n\n"
          .repeat(200)
          .getBytes(StandardCharsets.UTF_8);

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] plain, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(plain);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** Decodes {@code encoded} fed in pieces of {@code step} bytes. */
  static byte[] decode(String encoding, byte[] encoded, int step) {
    ContentDecoder decoder = ContentDecoder.forEncoding(encoding);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length; i += step) {
      decoder.decode(encoded, i, Math.min(step, encoded.length - i), out::write);
    }
    decoder.close();
    return out.toByteArray();
  }

  @Test
  void gzipWholeAndInTinyPieces() throws IOException {
    byte[] gz = gzip(TEXT);
    assertThat(decode("gzip", gz, gz.length)).isEqualTo(TEXT);
    assertThat(decode("gzip", gz, 1)).isEqualTo(TEXT);
    assertThat(decode("x-gzip", gz, 7)).isEqualTo(TEXT);
  }

  @Test
  void gzipHeaderWithExtraNameCommentAndHeaderCrc() {
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    member.writeBytes(
        new byte[] {0x1F, (byte) 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
    member.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA: length 3
    member.writeBytes("name.txt\0".getBytes(StandardCharsets.ISO_8859_1)); // FNAME
    member.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1)); // FCOMMENT
    member.writeBytes(new byte[] {0x12, 0x34}); // FHCRC (not checked: measuring only)
    member.writeBytes(deflate(TEXT, true));
    member.writeBytes(new byte[8]); // CRC32 + ISIZE (not checked)
    byte[] gz = member.toByteArray();
    assertThat(decode("gzip", gz, 1)).isEqualTo(TEXT);
    assertThat(decode("gzip", gz, 5)).isEqualTo(TEXT);
  }

  @Test
  void concatenatedGzipMembersAndTrailingJunk() throws IOException {
    byte[] a = gzip("first ".getBytes(StandardCharsets.UTF_8));
    byte[] b = gzip("second".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(a);
    both.writeBytes(b);
    both.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // padding after the members
    for (int step : new int[] {1, 3, 1000}) {
      assertThat(new String(decode("gzip", both.toByteArray(), step), StandardCharsets.UTF_8))
          .isEqualTo("first second");
    }
  }

  @Test
  void deflateZlibWrappedAndRaw() {
    byte[] zlib = deflate(TEXT, false);
    byte[] raw = deflate(TEXT, true);
    assertThat(decode("deflate", zlib, zlib.length)).isEqualTo(TEXT);
    assertThat(decode("deflate", zlib, 1)).isEqualTo(TEXT);
    assertThat(decode("deflate", raw, raw.length)).isEqualTo(TEXT);
    assertThat(decode("deflate", raw, 1)).isEqualTo(TEXT);
    assertThat(decode("Deflate", raw, 2)).isEqualTo(TEXT);
  }

  @Test
  void identityAndUnsupportedCodings() {
    assertThat(decode(null, TEXT, 100)).isEqualTo(TEXT);
    assertThat(decode("", TEXT, 100)).isEqualTo(TEXT);
    assertThat(decode("identity", TEXT, 100)).isEqualTo(TEXT);
    assertThat(ContentDecoder.forEncoding("br")).isNull();
    assertThat(ContentDecoder.forEncoding("zstd")).isNull();
    assertThat(ContentDecoder.forEncoding("gzip, gzip")).isNull();
    assertThat(ContentDecoder.forEncoding("gzip, identity")).isNotNull();
  }

  @Test
  void corruptInputFailsQuietly() throws IOException {
    ContentDecoder notGzip = ContentDecoder.forEncoding("gzip");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    notGzip.decode(TEXT, 0, TEXT.length, out::write);
    assertThat(notGzip.failed()).isTrue();
    assertThat(out.size()).isZero();

    byte[] gz = gzip(TEXT);
    for (int i = 20; i < 60; i++) {
      gz[i] ^= 0x5A; // damage the compressed data
    }
    ContentDecoder damaged = ContentDecoder.forEncoding("gzip");
    damaged.decode(gz, 0, gz.length, (b, off, len) -> {});
    assertThat(damaged.failed()).isTrue();
    damaged.decode(gz, 0, gz.length, (b, off, len) -> {}); // still quiet afterwards
    damaged.close();

    ContentDecoder badDeflate = ContentDecoder.forEncoding("deflate");
    byte[] junk = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3};
    badDeflate.decode(junk, 0, junk.length, (b, off, len) -> {});
    assertThat(badDeflate.failed()).isTrue();
  }
}
