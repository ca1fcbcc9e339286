package dev.tokentap.fuzz;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** A content coding a fuzz input is sent with: its bytes and its {@code Content-Encoding}. */
public enum Coding {
  IDENTITY(null),
  GZIP("gzip"),
  GZIP_TWO_MEMBERS("gzip"),
  DEFLATE_ZLIB("deflate"),
  DEFLATE_RAW("deflate"),
  ZSTD("zstd");

  private final String header;

  Coding(String header) {
    this.header = header;
  }

  /** The {@code Content-Encoding} value, null for none. */
  public String header() {
    return header;
  }

  public byte[] encode(byte[] plain) {
    return switch (this) {
      case IDENTITY -> plain;
      case GZIP -> gzip(plain);
      case GZIP_TWO_MEMBERS -> {
        int half = plain.length / 2;
        byte[] a = gzip(java.util.Arrays.copyOf(plain, half));
        byte[] b = gzip(java.util.Arrays.copyOfRange(plain, half, plain.length));
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        yield both;
      }
      case DEFLATE_ZLIB -> deflate(plain, false);
      case DEFLATE_RAW -> deflate(plain, true);
      case ZSTD -> Zstd.compress(plain);
    };
  }

  public static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] deflate(byte[] plain, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, raw);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
      z.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      d.end();
    }
    return out.toByteArray();
  }
}
