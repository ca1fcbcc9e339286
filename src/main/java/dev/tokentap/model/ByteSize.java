package dev.tokentap.model;

import java.util.Locale;

/**
 * How TokenTap writes a number of bytes for people, in the window and on the command line alike:
 * binary units, one decimal ({@code 512 B}, {@code 3.4 KiB}, {@code 1.2 MiB}, up to TiB).
 */
public final class ByteSize {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private ByteSize() {}

  /** {@code bytes} in the largest binary unit it reaches. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
  }
}
