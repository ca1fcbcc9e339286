package dev.tokentap.metrics;

import static dev.tokentap.metrics.FixtureMetricsTest.EXPECTED;
import static dev.tokentap.metrics.FixtureMetricsTest.assertSameFigures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.PromptProgress;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams as the UI sees them while they run, and stream framings the fixtures do not show. */
class StreamMeteringTest {

  private static final List<Header> SSE = List.of(new Header("Content-Type", "text/event-stream"));

  @Test
  void snapshotCountsTokenEventsUntilTheServerReportsTheCount() {
    Fixture f = Fixture.load("chat_stream");
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    assertThat(meter.snapshot()).isEqualTo(ExchangeMetrics.EMPTY);
    meter.onResponseStart(f.status(), f.responseHeaders(), MeterDriver.at(f.ttfbMs()));
    assertThat(meter.snapshot().model()).isEqualTo("tiny");
    assertThat(meter.snapshot().completionTokens()).isNull();

    List<Long> seen = new ArrayList<>();
    for (Fixture.Chunk c : f.chunks()) {
      meter.onResponseBody(c.bytes(), 0, c.bytes().length, MeterDriver.at(c.msSinceRequest()));
      seen.add(meter.snapshot().completionTokens());
    }
    // First chunk: role chunk + first content chunk. Then one content event per chunk; chunk 32
    // (index) is the finish chunk whose timings report predicted_n 32; then [DONE].
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 32; i++) {
      expected.add(i);
    }
    expected.add(32L);
    expected.add(32L);
    assertThat(seen).isEqualTo(expected);
    ExchangeMetrics midway = meter.snapshot();
    assertThat(midway.eventCount()).isEqualTo(35);
    assertThat(midway.usageReported()).isTrue();
    assertSameFigures(meter.finish(MeterDriver.at(f.totalMs())), EXPECTED.get("chat_stream"));
  }

  @Test
  void llamaServersPromptProgressEventsTellHowFarThePromptIsRead() {
    Fixture f = Fixture.load("chat_stream");
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    meter.onResponseStart(200, SSE, MeterDriver.at(5));
    assertThat(meter.promptProgress()).isNull();
    // As llama-server sends them when the request asked for "return_progress": true.
    String progress =
        "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":"
            + "\"assistant\",\"content\":null}}],\"object\":\"chat.completion.chunk\","
            + "\"prompt_progress\":{\"total\":3000,\"cache\":100,\"processed\":1600,"
            + "\"time_ms\":812}}\n\n";
    byte[] b = progress.getBytes(StandardCharsets.UTF_8);
    meter.onResponseBody(b, 0, b.length, MeterDriver.at(10));
    assertThat(meter.promptProgress()).isEqualTo(new PromptProgress(1600, 3000, 100));
    assertThat(meter.snapshot().completionTokens()).as("no output yet").isNull();
    assertThat(meter.snapshot().ttftMs()).isNull();
  }

  @Test
  void snapshotFromAnotherThreadWhileTheStreamRuns() throws InterruptedException {
    Fixture f = Fixture.load("responses_stream");
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread poller =
        Thread.ofPlatform()
            .start(
                () -> {
                  int lastEvents = 0;
                  try {
                    while (done.getCount() > 0) {
                      ExchangeMetrics m = meter.snapshot();
                      int events = m.eventCount() == null ? 0 : m.eventCount();
                      if (events < lastEvents) {
                        throw new AssertionError("event count went back: " + events);
                      }
                      lastEvents = events;
                    }
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    meter.onResponseStart(f.status(), f.responseHeaders(), MeterDriver.at(f.ttfbMs()));
    for (Fixture.Chunk c : f.chunks()) {
      meter.onResponseBody(c.bytes(), 0, c.bytes().length, MeterDriver.at(c.msSinceRequest()));
      Thread.sleep(1); // let the poller see the stream midway
    }
    ExchangeMetrics last = meter.finish(MeterDriver.at(f.totalMs()));
    done.countDown();
    poller.join();
    assertThat(failure.get()).isNull();
    assertThat(meter.snapshot()).isSameAs(last);
    assertSameFigures(last, EXPECTED.get("responses_stream"));
  }

  @Test
  void measuredGenerationSpeedWhenTheServerReportsNone() {
    Fixture f = Fixture.load("anthropic_messages_stream");
    ExchangeMetrics m = MeterDriver.replay(f);
    // The first content_block_delta shares the first chunk (2.674 ms); the last came at 68.515.
    double first = f.events().get(2).msSinceRequest();
    double last = f.events().get(32).msSinceRequest();
    assertThat(f.events().get(32).name()).isEqualTo("content_block_delta");
    assertThat(f.events().get(33).name()).isEqualTo("content_block_stop");
    assertThat(m.genTps()).isPositive().isCloseTo((32 - 1) / ((last - first) / 1000), within(1e-9));
    assertThat(m.promptTps()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\r"})
  void crlfAndCrFramedStreamsGiveTheSameFigures(String lineEnd) {
    for (String name :
        List.of("chat_stream_include_usage", "anthropic_messages_stream", "responses_stream")) {
      Fixture f = Fixture.load(name);
      List<Fixture.Chunk> chunks =
          f.chunks().stream()
              .map(
                  c ->
                      new Fixture.Chunk(
                          new String(c.bytes(), StandardCharsets.UTF_8)
                              .replace("\n", lineEnd)
                              .getBytes(StandardCharsets.UTF_8),
                          c.msSinceRequest()))
              .toList();
      ExchangeMetrics m =
          MeterDriver.replay(new MetricsMeterFactory(), f, f.responseHeaders(), chunks);
      assertSameFigures(m, EXPECTED.get(name));
    }
  }

  @Test
  void multiByteCharacterSplitAcrossChunks() {
    ExchangeMeter meter =
        new MetricsMeterFactory()
            .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
    meter.onResponseStart(200, SSE, MeterDriver.at(1));
    byte[] event =
        "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"日\"}}]}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    int inside = new String(event, StandardCharsets.UTF_8).indexOf('日');
    int split =
        "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"".length() + 1;
    assertThat(inside).isEqualTo(split - 1); // the cut falls after the first of 3 bytes of 日
    meter.onResponseBody(event, 0, split, MeterDriver.at(10));
    assertThat(meter.snapshot().completionTokens()).isNull();
    meter.onResponseBody(event, split, event.length - split, MeterDriver.at(20));
    ExchangeMetrics m = meter.finish(MeterDriver.at(21));
    assertThat(m.model()).isEqualTo("m");
    assertThat(m.completionTokens()).isEqualTo(1L);
    assertThat(m.ttftMs()).isCloseTo(20.0, within(1e-9));
    assertThat(m.eventCount()).isEqualTo(1);
    assertThat(m.maxGapMs()).isNull(); // one event: no gap between two
    assertThat(m.genTps()).isNull(); // one token event: no span to measure over
  }

  @Test
  void reasoningAndToolCallDeltasAreTokenEventsRoleAndEmptyChunksAreNot() {
    ExchangeMeter meter =
        new MetricsMeterFactory()
            .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
    meter.onResponseStart(200, SSE, MeterDriver.at(1));
    String[] events = {
      "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null}}]}",
      "{\"choices\":[{\"delta\":{\"content\":\"\"}}]}",
      "{\"choices\":[{\"delta\":{\"reasoning_content\":\"hmm\"}}]}",
      "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}",
      "{\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"tool_calls\"}],"
          + "\"usage\":null}",
      "[DONE]"
    };
    for (int i = 0; i < events.length; i++) {
      byte[] bytes = ("data: " + events[i] + "\n\n").getBytes(StandardCharsets.UTF_8);
      meter.onResponseBody(bytes, 0, bytes.length, MeterDriver.at(10 * (i + 1)));
    }
    ExchangeMetrics m = meter.finish(MeterDriver.at(100));
    assertThat(m.ttftMs()).isCloseTo(30.0, within(1e-9));
    assertThat(m.completionTokens()).isEqualTo(3L); // no usage: the three token events
    assertThat(m.usageReported()).isFalse();
    assertThat(m.genTps()).isCloseTo(2 / 0.020, within(1e-9));
    assertThat(m.finishReason()).isEqualTo("tool_calls");
    assertThat(m.eventCount()).isEqualTo(6); // [DONE] counts as an event
    assertThat(m.maxGapMs()).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void streamWithoutContentTypeFollowsTheRequestStreamFlag() {
    Fixture f = Fixture.load("chat_stream");
    List<Header> noType =
        f.responseHeaders().stream().filter(h -> !h.name().equals("Content-Type")).toList();
    ExchangeMetrics m = MeterDriver.replay(new MetricsMeterFactory(), f, noType, f.chunks());
    assertSameFigures(m, EXPECTED.get("chat_stream"));
  }
}
