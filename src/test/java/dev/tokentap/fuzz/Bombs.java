package dev.tokentap.fuzz;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs: small bodies that decode to {@code 2^n} bytes of repeated SSE events (gzip,
 * zlib and raw deflate, zstd, and gzip inside gzip). Built quickly without compressing the whole
 * expansion: one mebibyte is deflated with a full flush (which makes its compressed bytes
 * independent of what came before) and that block is repeated; zstd frames are simply concatenated.
 * What a decoder must survive in bounded time and memory.
 */
public final class Bombs {

  /** The plain mebibyte every bomb repeats. */
  private static final byte[] UNIT = unit();

  private Bombs() {}

  /** gzip of {@code mebibytes} MiB. */
  public static byte[] gzip(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    deflateBody(out, mebibytes);
    CRC32 crc = new CRC32();
    for (int i = 0; i < mebibytes; i++) {
      crc.update(UNIT);
    }
    littleEndian(out, crc.getValue());
    littleEndian(out, (long) mebibytes * UNIT.length);
    return out.toByteArray();
  }

  /** HTTP deflate (zlib-wrapped) of {@code mebibytes} MiB. */
  public static byte[] zlib(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x78, (byte) 0xda});
    deflateBody(out, mebibytes);
    Adler32 adler = new Adler32();
    for (int i = 0; i < mebibytes; i++) {
      adler.update(UNIT);
    }
    long a = adler.getValue();
    out.writeBytes(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    return out.toByteArray();
  }

  /** Raw deflate of {@code mebibytes} MiB. */
  public static byte[] rawDeflate(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    deflateBody(out, mebibytes);
    return out.toByteArray();
  }

  /** zstd frames of 16 MiB each, {@code mebibytes} MiB in all (a multiple of 16). */
  public static byte[] zstd(int mebibytes) {
    byte[] sixteen = new byte[16 * UNIT.length];
    for (int i = 0; i < 16; i++) {
      System.arraycopy(UNIT, 0, sixteen, i * UNIT.length, UNIT.length);
    }
    byte[] frame = Zstd.compress(sixteen, 19);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < Math.max(1, mebibytes / 16); i++) {
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  /** A gzip bomb gzipped again: small, and its outer layer alone already decodes to megabytes. */
  public static byte[] gzipInGzip(int mebibytes) {
    return Coding.gzip(gzip(mebibytes));
  }

  private static void deflateBody(ByteArrayOutputStream out, int mebibytes) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] block;
    try {
      d.setInput(UNIT);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int n;
      do {
        n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
        b.write(buf, 0, n);
      } while (n == buf.length || !d.needsInput());
      block = b.toByteArray();
    } finally {
      d.end();
    }
    for (int i = 0; i < mebibytes; i++) {
      out.writeBytes(block);
    }
    out.writeBytes(new byte[] {3, 0}); // a final, empty fixed-Huffman block
  }

  private static void littleEndian(ByteArrayOutputStream out, long v) {
    out.writeBytes(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
  }

  private static byte[] unit() {
    String event = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n";
    StringBuilder b = new StringBuilder(1 << 20);
    while (b.length() + event.length() <= 1 << 20) {
      b.append(event);
    }
    b.append(" ".repeat((1 << 20) - b.length()));
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
