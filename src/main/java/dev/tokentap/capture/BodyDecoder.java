package dev.tokentap.capture;

import com.github.luben.zstd.ZstdInputStream;
import dev.tokentap.model.CapturedBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a body's {@code Content-Encoding} (gzip, deflate in zlib or raw form, zstd; also chains
 * such as {@code gzip, gzip}) and applies the size cap to the decoded bytes.
 *
 * <p>A truncated wire copy decodes as far as it goes. A body that cannot be decoded at all (an
 * unknown encoding such as {@code br}, or corrupt data) is kept as it was on the wire, with its
 * encoding noted. Decoding stops counting after {@link #COUNT_LIMIT} decoded bytes, so a
 * decompression bomb costs bounded time.
 */
final class BodyDecoder {

  /** Decoded bytes counted at most (beyond the cap) to learn a body's original size. */
  static final long COUNT_LIMIT = 256L * 1024 * 1024;

  /** A decoded body before redaction. */
  record Decoded(byte[] bytes, long originalSize, boolean truncated, boolean decoded) {}

  private final int cap;

  BodyDecoder(int cap) {
    this.cap = cap;
  }

  /** Decodes {@code body} sent with the given {@code Content-Encoding} header (may be null). */
  Decoded decode(CapturedBody body, String contentEncoding) {
    byte[] raw = body.bytes();
    List<String> codings = codings(contentEncoding);
    if (codings.isEmpty() || raw.length == 0) {
      return plain(body);
    }
    for (String coding : codings) {
      if (!supported(coding)) {
        return undecoded(body);
      }
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(cap, raw.length * 4 + 64));
    long count = 0;
    boolean failed = false;
    try (InputStream in = open(raw, codings)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while (count < COUNT_LIMIT && (n = in.read(buf)) > 0) {
        if (count < cap) {
          kept.write(buf, 0, (int) Math.min(n, cap - count));
        }
        count += n;
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
    if (failed && (!body.truncated() || count == 0)) {
      // Corrupt, not merely cut short: keep the wire bytes rather than a misleading fragment.
      return undecoded(body);
    }
    boolean truncated = body.truncated() || failed || count > cap || count >= COUNT_LIMIT;
    return new Decoded(kept.toByteArray(), count, truncated, true);
  }

  private Decoded plain(CapturedBody body) {
    byte[] raw = body.bytes();
    boolean cut = raw.length > cap;
    byte[] bytes = cut ? Arrays.copyOf(raw, cap) : raw;
    long size = Math.max(body.totalBytes(), raw.length);
    return new Decoded(bytes, size, body.truncated() || cut, true);
  }

  private Decoded undecoded(CapturedBody body) {
    Decoded plain = plain(body);
    return new Decoded(plain.bytes(), plain.originalSize(), plain.truncated(), false);
  }

  /** The codings in the order they were applied, {@code identity} left out, lower case. */
  static List<String> codings(String header) {
    List<String> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    for (String part : header.split(",")) {
      String c = part.trim().toLowerCase(Locale.ROOT);
      if (!c.isEmpty() && !c.equals("identity")) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean supported(String coding) {
    return switch (coding) {
      case "gzip", "x-gzip", "deflate", "zstd" -> true;
      default -> false;
    };
  }

  /** A stream that undoes the codings, the last applied first. */
  private static InputStream open(byte[] raw, List<String> codings) throws IOException {
    InputStream in = new ByteArrayInputStream(raw);
    for (int i = codings.size() - 1; i >= 0; i--) {
      in =
          switch (codings.get(i)) {
            case "gzip", "x-gzip" -> new GZIPInputStream(in, 8192);
            case "deflate" -> deflate(in);
            case "zstd" -> new ZstdInputStream(in);
            default -> throw new IOException("unsupported coding " + codings.get(i));
          };
    }
    return in;
  }

  /**
   * HTTP "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: look at the
   * first two bytes to tell them apart.
   */
  private static InputStream deflate(InputStream in) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, 2);
    int b0 = peek.read();
    int b1 = b0 < 0 ? -1 : peek.read();
    if (b1 >= 0) {
      peek.unread(b1);
    }
    if (b0 >= 0) {
      peek.unread(b0);
    }
    boolean zlib = b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
    return new OwnedInflaterStream(peek, new Inflater(!zlib));
  }

  /** An inflater stream that releases its {@link Inflater}'s native memory on close. */
  private static final class OwnedInflaterStream extends InflaterInputStream {
    OwnedInflaterStream(InputStream in, Inflater inflater) {
      super(in, inflater, 8192);
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        inf.end();
      }
    }
  }
}
