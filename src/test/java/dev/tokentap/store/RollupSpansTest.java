package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollupSpansTest {

  private static final long MINUTE = 60_000;

  @Test
  void spansCoverTheRangeExactlyWithAlignedBucketsAndAFewReads() {
    Random r = new Random(17);
    for (int trial = 0; trial < 10_000; trial++) {
      long a = 1_767_225_600_000L + (long) (r.nextDouble() * 90 * 1440 * MINUTE);
      long b = a + (long) (Math.pow(10, r.nextDouble() * 10) * (r.nextBoolean() ? 1 : 1000));
      if (r.nextInt(10) == 0) {
        a = a / MINUTE * MINUTE; // whole minutes at times
      }
      int maxLevel = List.of(0, 1, 10, 60, 1440).get(r.nextInt(5));
      List<RollupSpans.Span> spans = RollupSpans.of(a, b, maxLevel);
      long at = a;
      for (RollupSpans.Span s : spans) {
        assertThat(s.from()).isEqualTo(at);
        assertThat(s.until()).isGreaterThan(s.from());
        assertThat(s.level()).isLessThanOrEqualTo(maxLevel);
        if (!s.rows()) {
          long w = s.level() * MINUTE;
          assertThat(s.from() % w).isZero();
          assertThat(s.until() % w).isZero();
        } else {
          // rows only for the parts of a minute at the ends (under two minutes when the range
          // holds no whole minute), unless no rollups may be used
          assertThat(maxLevel == 0 || s.until() - s.from() < 2 * MINUTE).isTrue();
        }
        at = s.until();
      }
      assertThat(at).isEqualTo(b);
      assertThat(spans).hasSizeLessThanOrEqualTo(9);
    }
  }

  @Test
  void openEndsAreReadFromTheCoarsestLevel() {
    assertThat(RollupSpans.of(null, null, 1440))
        .containsExactly(new RollupSpans.Span(1440, RollupSpans.FAR_PAST, RollupSpans.FAR_FUTURE));
  }

  @Test
  void aChartBucketTakesTheCoarsestLevelThatNestsInIt() {
    long h = 60 * MINUTE;
    assertThat(RollupSpans.levelFor(10 * MINUTE, 0)).isEqualTo(10);
    assertThat(RollupSpans.levelFor(6 * h, 0)).isEqualTo(60);
    assertThat(RollupSpans.levelFor(24 * h, 0)).isEqualTo(1440);
    assertThat(RollupSpans.levelFor(24 * h, h)).isEqualTo(60); // UTC+1
    assertThat(RollupSpans.levelFor(24 * h, 5 * h + 30 * MINUTE)).isEqualTo(10); // India
    assertThat(RollupSpans.levelFor(24 * h, 5 * h + 45 * MINUTE)).isEqualTo(1); // Nepal
    assertThat(RollupSpans.levelFor(2_000, 0)).isZero();
  }
}
