package dev.tokentap.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The table's own number writing gives String.format's text, digit for digit. */
class FormatsTest {

  @Property(tries = 3000)
  void groupedIsFormatsGroupedCount(@ForAll long n) {
    assertThat(Formats.grouped(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
  }

  @Property(tries = 3000)
  void decimalsAreFormatsFixedPoint(@ForAll("figures") double v) {
    assertThat(Formats.decimals(v, 0)).isEqualTo(String.format(Locale.ROOT, "%.0f", v));
    assertThat(Formats.decimals(v, 1)).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
  }

  /** Any double, and the ties (x.x5, x.5) where rounding differs between the ways to do it. */
  @Provide
  Arbitrary<Double> figures() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.doubles().between(-1e6, 1e12),
        Arbitraries.integers().between(-100_000, 10_000_000).map(i -> i / 20.0),
        Arbitraries.integers().between(0, 10_000_000).map(i -> i / 100.0 + 0.05),
        Arbitraries.of(
            0.0,
            -0.0,
            0.05,
            0.15,
            1.45,
            2.5,
            -0.04,
            9_999.5,
            Double.NaN,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY));
  }

  @Property(tries = 500)
  void aCellsFiguresAreWrittenAsBefore(@ForAll("figures") double v) {
    assertThat(Formats.rate(v)).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    String millis =
        v < 10_000
            ? String.format(Locale.ROOT, "%.0f ms", v)
            : String.format(Locale.ROOT, "%.1f s", v / 1000);
    assertThat(Formats.millis(v)).isEqualTo(millis);
    assertThat(Formats.count((long) v)).isEqualTo(String.format(Locale.ROOT, "%,d", (long) v));
    assertThat(Formats.percent(v)).isEqualTo(String.format(Locale.ROOT, "%.0f%%", v * 100));
  }
}
