package dev.tokentap.capture;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Compresses stored bodies as standard zstd frames (level 3), which the {@code zstd} command line
 * tool decompresses as they are.
 */
public final class ZstdCodec {

  /** The compression level used for every body. */
  public static final int LEVEL = 3;

  private ZstdCodec() {}

  /**
   * One compression context per thread, reused: creating a fresh one for every body (what {@code
   * Zstd.compress} does) costs more than compressing a small body. In practice only the recorder
   * thread compresses.
   */
  private static final ThreadLocal<ZstdCompressCtx> CONTEXT =
      ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(LEVEL));

  public static byte[] compress(byte[] plain) {
    return CONTEXT.get().compress(plain);
  }

  /**
   * Decompresses one frame written by {@link #compress}.
   *
   * @throws UncheckedIOException when {@code frame} is not valid zstd
   */
  public static byte[] decompress(byte[] frame) {
    return decompress(frame, Integer.MAX_VALUE - 8);
  }

  /**
   * Decompresses one frame written by {@link #compress}, if it holds at most {@code maxBytes}: a
   * damaged or hostile frame can claim, or expand to, gigabytes from a few bytes.
   *
   * @throws UncheckedIOException when {@code frame} is not valid zstd, or holds more than {@code
   *     maxBytes}
   */
  public static byte[] decompress(byte[] frame, int maxBytes) {
    if (frame.length == 0) { // zstd-jni would throw ArrayIndexOutOfBoundsException
      throw new UncheckedIOException(new IOException("not a valid zstd frame: no bytes"));
    }
    try {
      long size = Zstd.getFrameContentSize(frame);
      if (size > maxBytes) {
        throw new IOException("a zstd frame of " + size + " bytes, over " + maxBytes);
      }
      if (size >= 0) {
        return Zstd.decompress(frame, (int) size);
      }
      try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(frame))) {
        byte[] out = in.readNBytes(maxBytes);
        if (in.read() >= 0) {
          throw new IOException("a zstd frame of more than " + maxBytes + " bytes");
        }
        return out;
      }
    } catch (ZstdException e) {
      throw new UncheckedIOException(new IOException("not a valid zstd frame: " + e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
