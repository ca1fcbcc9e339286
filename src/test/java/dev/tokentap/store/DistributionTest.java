package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributionTest {

  /** The exact type 7 quantile, as the dashboard defines it. */
  private static double exact(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }

  @Test
  void aHistogramCountsEachValueInItsBinWithZerosAndOutliersAtTheEnds() {
    Distribution d = new Distribution();
    for (double v : new double[] {0, 10, 10, 20, 30, 250}) {
      d.add(v);
    }
    ValueHistogram h = Distribution.decode(d.encode()).histogram();
    assertThat(h.count()).isEqualTo(6);
    assertThat(h.min()).isZero();
    assertThat(h.max()).isCloseTo(250, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(h.counts(new double[] {5, 15, 25, 100})).containsExactly(3, 1, 2);
    assertThat(new Distribution().histogram().count()).isZero();
  }

  @Test
  void quantilesAreWithinOnePercentOfTheExactOnes() {
    Random r = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(trial < 100 ? 10 : 5_000);
      double[] values = new double[n];
      Distribution d = new Distribution();
      for (int i = 0; i < n; i++) {
        // speeds, times, a few zeros, a spread of six orders of magnitude
        values[i] = r.nextInt(20) == 0 ? 0 : Math.exp(r.nextGaussian() * 3);
        d.add(values[i]);
      }
      Arrays.sort(values);
      for (double p : new double[] {0, 0.1, 0.5, 0.9, 0.99, 1}) {
        double want = exact(values, p);
        assertThat(d.quantile(p)).as("n=%d p=%s", n, p).isCloseTo(want, within(0.01 * want));
      }
      assertThat(d.count()).isEqualTo(n);
      assertThat(d.sum() / d.count())
          .isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-9));
    }
  }

  @Test
  void mergingIsAddingAndSurvivesEncoding() {
    Random r = new Random(5);
    Distribution all = new Distribution();
    Distribution merged = new Distribution();
    for (int part = 0; part < 50; part++) {
      Distribution d = new Distribution();
      for (int i = r.nextInt(20); i > 0; i--) {
        double v = r.nextDouble() * 1000;
        d.add(v);
        all.add(v);
      }
      merged.merge(Distribution.decode(d.encode()));
    }
    Distribution back = Distribution.decode(merged.encode());
    assertThat(back.count()).isEqualTo(all.count());
    assertThat(back.sum()).isCloseTo(all.sum(), within(1e-6));
    for (double p = 0; p <= 1; p += 0.05) {
      assertThat(back.quantile(p)).isEqualTo(all.quantile(p));
    }
  }

  @Test
  void unknownValuesAreNotValuesAndExtremesAreKept() {
    Distribution d = new Distribution();
    d.add(null);
    d.add(Double.NaN);
    d.add(-1.0);
    assertThat(d.count()).isZero();
    assertThat(d.quantile(0.5)).isNull();
    assertThat(d.sum()).isZero();
    assertThat(d.encode()).isNull();
    assertThat(Distribution.decode(null).count()).isZero();

    d.add(0.0);
    d.add(1e300);
    assertThat(d.quantile(0)).isZero();
    assertThat(d.quantile(1)).isCloseTo(Distribution.LARGEST, within(0.01 * Distribution.LARGEST));
  }

  @Test
  void damagedBytesAreRefusedWithoutRunningOutOfMemory() {
    Distribution d = new Distribution();
    d.add(12.5);
    d.add(40.0);
    byte[] good = d.encode();
    assertThatThrownBy(() -> Distribution.decode(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Distribution.decode(Arrays.copyOf(good, 5)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncatedBuckets = Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> Distribution.decode(truncatedBuckets).quantile(0.5))
        .isInstanceOf(IllegalArgumentException.class);
    // a bucket index far outside any value: refused, not a 2^31-element array
    byte[] farIndex = new byte[good.length + 3];
    System.arraycopy(good, 0, farIndex, 0, 11);
    farIndex[11] = (byte) 0xfe;
    farIndex[12] = (byte) 0xff;
    farIndex[13] = (byte) 0xff;
    farIndex[14] = (byte) 0x7f;
    farIndex[15] = 1;
    farIndex[16] = 2;
    farIndex[17] = 1;
    assertThatThrownBy(() -> Distribution.decode(farIndex).quantile(0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
