package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.model.EventTimes;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each stream event's arrival, kept by the meter beside the summary figures. */
class EventTimesMeteringTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "chat_stream",
        "chat_stream_include_usage",
        "v1_completions_stream",
        "completion_native_stream",
        "anthropic_messages_stream",
        "responses_stream"
      })
  void aStreamsEventTimesAgreeWithItsSummaryFigures(String name) {
    Fixture f = Fixture.load(name);
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    meter.onResponseStart(f.status(), f.responseHeaders(), MeterDriver.at(f.ttfbMs()));
    for (Fixture.Chunk c : f.chunks()) {
      meter.onResponseBody(c.bytes(), 0, c.bytes().length, MeterDriver.at(c.msSinceRequest()));
    }
    assertThat(meter.eventTimes()).as("before finish").isSameAs(EventTimes.EMPTY);
    ExchangeMetrics m = meter.finish(MeterDriver.at(f.totalMs()));
    EventTimes t = meter.eventTimes();

    assertAgree(t, m, 0.001);
    assertThat(t.truncated()).isFalse();
    // each event is stamped with the arrival of the chunk that completed it (or the end)
    for (int i = 0; i < t.count(); i++) {
      long offset = t.offsetMicros(i);
      assertThat(
              Math.abs(f.totalMs() * 1000 - offset) <= 1
                  || f.chunks().stream()
                      .anyMatch(c -> Math.abs(c.msSinceRequest() * 1000 - offset) <= 1))
          .as("event %d at %d us", i, offset)
          .isTrue();
    }
  }

  /**
   * The event times say what the summary says: as many events as {@code event_count}, offsets that
   * never decrease, the first output event at {@code ttft_ms}, the longest gap {@code max_gap_ms}
   * (within {@code toleranceMs}).
   */
  static void assertAgree(EventTimes t, ExchangeMetrics m, double toleranceMs) {
    assertThat(m.eventCount()).isNotNull();
    assertThat(t.count()).isEqualTo(m.eventCount()).isPositive();
    assertThat(t.totalCount()).isEqualTo(m.eventCount());
    long maxGap = -1;
    Long firstOutput = null;
    for (int i = 0; i < t.count(); i++) {
      if (i > 0) {
        assertThat(t.offsetMicros(i)).isGreaterThanOrEqualTo(t.offsetMicros(i - 1));
        maxGap = Math.max(maxGap, t.offsetMicros(i) - t.offsetMicros(i - 1));
      }
      if (firstOutput == null && t.carriesOutput(i)) {
        firstOutput = t.offsetMicros(i);
      }
    }
    if (m.ttftMs() == null) {
      assertThat(firstOutput).isNull();
    } else {
      assertThat(firstOutput / 1000.0).isCloseTo(m.ttftMs(), within(toleranceMs));
    }
    if (m.maxGapMs() == null) {
      assertThat(t.count()).isEqualTo(1);
    } else {
      assertThat(maxGap / 1000.0).isCloseTo(m.maxGapMs(), within(toleranceMs));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat_nonstream", "embeddings_v1_single", "get_health"})
  void aResponseThatIsNotAStreamHasNone(String name) {
    Fixture f = Fixture.load(name);
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    meter.onResponseStart(f.status(), f.responseHeaders(), MeterDriver.at(f.ttfbMs()));
    for (Fixture.Chunk c : f.chunks()) {
      meter.onResponseBody(c.bytes(), 0, c.bytes().length, MeterDriver.at(c.msSinceRequest()));
    }
    assertThat(meter.finish(MeterDriver.at(f.totalMs())).eventCount()).isNull();
    assertThat(meter.eventTimes()).isSameAs(EventTimes.EMPTY);
  }

  @Test
  void aStreamOfMoreThanMaxEventsKeepsTheFirstAndCountsAll() {
    ExchangeMeter meter =
        new MetricsMeterFactory()
            .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
    meter.onResponseStart(
        200, List.of(new Header("Content-Type", "text/event-stream")), MeterDriver.at(1));
    byte[] event =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    int events = EventTimes.MAX_EVENTS + 1;
    for (int i = 0; i < events; i++) {
      meter.onResponseBody(event, 0, event.length, MeterDriver.at(2 + i * 0.01));
    }
    ExchangeMetrics m = meter.finish(MeterDriver.at(2 + events * 0.01));
    EventTimes t = meter.eventTimes();
    assertThat(m.eventCount()).isEqualTo(100_001);
    assertThat(t.count()).isEqualTo(100_000);
    assertThat(t.totalCount()).isEqualTo(100_001);
    assertThat(t.truncated()).isTrue();
    assertThat(t.offsetMicros(0)).isEqualTo(2_000);
    assertThat(t.offsetMicros(99_999)).isCloseTo(2_000 + 999_990, within(1L));
    assertThat(t.carriesOutput(99_999)).isTrue();
  }
}
