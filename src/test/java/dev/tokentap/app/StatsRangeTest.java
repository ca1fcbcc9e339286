package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsRangeTest {

  private static final Instant NOW = Instant.parse("2026-12-04T23:15:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // 00:15 on the 5th there

  private static StatsRange parse(String text) {
    return StatsRange.parse(text, NOW, BERLIN);
  }

  @Test
  void namedRangesEndNow() {
    assertThat(parse("today"))
        .isEqualTo(new StatsRange("today", Instant.parse("2026-12-04T23:00:00Z"), NOW));
    assertThat(parse("month").since()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    assertThat(parse("24h").since()).isEqualTo(Instant.parse("2026-12-03T23:15:00Z"));
    assertThat(parse("7d").since()).isEqualTo(Instant.parse("2026-11-27T23:15:00Z"));
    assertThat(parse("30d").since()).isEqualTo(Instant.parse("2026-11-04T23:15:00Z"));
    assertThat(parse(" all ")).isEqualTo(new StatsRange("all", null, null));
  }

  @Test
  void sinceUntilTakesDatesTimesAndSpansEitherSideOpen() {
    assertThat(parse("2026-12-01.."))
        .isEqualTo(new StatsRange("2026-12-01..", Instant.parse("2026-11-30T23:00:00Z"), null));
    assertThat(parse("..2026-12-01T12:00:00Z"))
        .isEqualTo(
            new StatsRange("..2026-12-01T12:00:00Z", null, Instant.parse("2026-12-01T12:00:00Z")));
    assertThat(parse("7d..1d"))
        .isEqualTo(
            new StatsRange(
                "7d..1d",
                Instant.parse("2026-11-27T23:15:00Z"),
                Instant.parse("2026-12-03T23:15:00Z")));
    assertThat(parse("2026-12-01T08:00..2026-12-02").since())
        .isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));
  }

  @Test
  void malformedRangesSayWhatIsWanted() {
    for (String bad :
        new String[] {
          "", "..", "week", "1d..2d", "2026-12-02..2026-12-01", "x..", "..2026-13-01"
        }) {
      assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theDefaultIsToday() throws Exception {
    Command c = Cli.parse(new String[] {"stats"}, Map.of("HOME", "/home/u"), NOW);
    StatsCommand s = (StatsCommand) c;
    assertThat(s.range().text()).isEqualTo("today");
    assertThat(s.range().until()).isEqualTo(NOW);
    assertThat(s.by()).isEqualTo(dev.tokentap.store.UsageStats.By.ALL);
    assertThat(s.format()).isEqualTo(dev.tokentap.export.UsageReport.Format.TABLE);
    assertThat(s.source()).hasToString("/home/u/.local/share/tokentap/tokentap.db");
  }
}
