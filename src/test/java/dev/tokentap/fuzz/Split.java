package dev.tokentap.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * How a body is cut into the pieces a reader is fed: pieces of 1 to {@code maxPiece} bytes, their
 * sizes drawn from {@code seed}. Printed as its two numbers, so a failing cut can be written down.
 */
public record Split(int maxPiece, long seed) {

  /** From one byte at a time to the forwarder's largest piece (64 KiB), small pieces favoured. */
  public static Arbitrary<Split> any() {
    return Combinators.combine(
            Arbitraries.of(1, 2, 3, 7, 16, 100, 512, 4096, 16 * 1024, 64 * 1024),
            Arbitraries.longs())
        .as(Split::new);
  }

  /** The piece boundaries of a body of {@code length} bytes: offsets and lengths. */
  public List<int[]> pieces(int length) {
    Random r = new Random(seed);
    List<int[]> out = new ArrayList<>();
    int at = 0;
    while (at < length) {
      int n = Math.min(length - at, 1 + r.nextInt(Math.max(1, maxPiece)));
      out.add(new int[] {at, n});
      at += n;
    }
    return out;
  }
}
