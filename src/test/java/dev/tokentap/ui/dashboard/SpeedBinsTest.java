package dev.tokentap.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ModelStats;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class SpeedBinsTest {

  @Test
  void edgesAreRoundStepsCoveringTheSpeeds() {
    assertThat(SpeedBins.edges(6.4, 63.0))
        .containsExactly(5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65);
    assertThat(SpeedBins.edges(41.3, 47.9)).startsWith(41.0).endsWith(48.0);
  }

  @Test
  void roundingNeverLeavesTheSlowestOrFastestOutside() {
    double[] edges = SpeedBins.edges(0.35, 0.35); // floor(0.35 / 0.01) * 0.01 > 0.35 in doubles
    assertThat(edges[0]).isLessThanOrEqualTo(0.35);
    assertThat(edges[edges.length - 1]).isGreaterThanOrEqualTo(0.35);
  }

  @Test
  void oneSpeedStillGetsABin() {
    double[] edges = SpeedBins.edges(50, 50);
    assertThat(edges.length).isGreaterThanOrEqualTo(2);
    assertThat(edges[0]).isLessThanOrEqualTo(50);
    assertThat(edges[edges.length - 1]).isGreaterThanOrEqualTo(50);
  }

  @Property
  void edgesAscendAndCoverAnyRange(
      @ForAll @DoubleRange(min = 0, max = 1e5) double a,
      @ForAll @DoubleRange(min = 0, max = 1e5) double b) {
    double min = Math.min(a, b);
    double max = Math.max(a, b);
    double[] edges = SpeedBins.edges(min, max);
    assertThat(edges[0]).isLessThanOrEqualTo(min);
    assertThat(edges[edges.length - 1]).isGreaterThanOrEqualTo(max);
    assertThat(edges.length - 1).isBetween(1, 2 * SpeedBins.TARGET_BINS + 2);
    for (int i = 1; i < edges.length; i++) {
      assertThat(edges[i]).isGreaterThan(edges[i - 1]);
    }
  }

  @Test
  void modelsWithoutSpeedsAreLeftOutAndNothingGivesNoBins() {
    assertThat(SpeedBins.of(List.of(new ModelStats("e", 3, 9L, null, null, null, null))))
        .isEqualTo(SpeedBins.EMPTY);
    assertThat(SpeedBins.of(List.of())).isEqualTo(SpeedBins.EMPTY);
  }
}
