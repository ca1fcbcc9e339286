package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExportTimeTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void readsIsoInstantsAndOffsets() {
    assertThat(ExportTime.parse("2026-11-22T10:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(ExportTime.parse("2026-11-22T10:00:00.250Z", NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00.250Z"));
    assertThat(ExportTime.parse("2026-11-22T11:00:00+01:00", NOW))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void readsSpansBackFromNow() {
    assertThat(ExportTime.parse("90s", NOW)).isEqualTo(Instant.parse("2026-11-22T11:58:30Z"));
    assertThat(ExportTime.parse("30m", NOW)).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
    assertThat(ExportTime.parse("2h", NOW)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(ExportTime.parse("7d", NOW)).isEqualTo(Instant.parse("2026-11-15T12:00:00Z"));
  }

  @Test
  void refusesAnythingElse() {
    for (String bad : new String[] {"yesterday", "2h30m", "-2h", "2026-11-22", "10:00"}) {
      assertThatThrownBy(() -> ExportTime.parse(bad, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ISO-8601")
          .hasMessageContaining(bad);
    }
  }
}
