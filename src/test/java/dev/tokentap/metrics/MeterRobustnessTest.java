package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the bytes, a meter never throws, keeps bounded memory and invents nothing. */
class MeterRobustnessTest {

  private static final List<String> PATHS =
      List.of(
          "/v1/chat/completions",
          "/v1/completions",
          "/completion",
          "/infill",
          "/v1/messages",
          "/v1/responses",
          "/v1/embeddings",
          "/api/chat",
          "/api/generate",
          "/whatever");
  private static final List<String> CONTENT_TYPES =
      List.of("application/json", "text/event-stream", "application/x-ndjson", "");

  private static List<Header> contentType(String type) {
    return type.isEmpty() ? List.of() : List.of(new Header("Content-Type", type));
  }

  private static void assertNothingMeasured(ExchangeMetrics m) {
    assertThat(m.promptTokens()).isNull();
    assertThat(m.cachedTokens()).isNull();
    assertThat(m.completionTokens()).isNull();
    assertThat(m.promptTps()).isNull();
    assertThat(m.genTps()).isNull();
    assertThat(m.ttftMs()).isNull();
    assertThat(m.finishReason()).isNull();
    assertThat(m.usageReported()).isFalse();
  }

  @Test
  void randomBinaryNeverThrowsAndGivesNoFigures() {
    Random random = new Random(42);
    for (String path : PATHS) {
      for (String type : CONTENT_TYPES) {
        for (int round = 0; round < 5; round++) {
          byte[] garbage = new byte[1 + random.nextInt(200_000)];
          random.nextBytes(garbage);
          ExchangeMeter meter =
              new MetricsMeterFactory().start("POST", path, List.of(), MeterDriver.START);
          meter.onRequestBody(garbage, 0, Math.min(garbage.length, 5000));
          meter.onResponseStart(200, contentType(type), MeterDriver.at(1));
          int at = 0;
          while (at < garbage.length) {
            int n = Math.min(garbage.length - at, 1 + random.nextInt(9000));
            meter.onResponseBody(garbage, at, n, MeterDriver.at(2 + at));
            assertThat(meter.snapshot()).isNotNull();
            at += n;
          }
          ExchangeMetrics m = meter.finish(MeterDriver.at(3 + at));
          assertNothingMeasured(m);
          assertThat(m.model()).isNull();
        }
      }
    }
  }

  @Test
  void malformedJsonEventsAndBodiesGiveNoFigures() {
    String[] bodies = {
      "data: {\"choices\":[{\"delta\":{\"content\":\"a\"\n\n",
      "data: {\"usage\": {\"prompt_tokens\": \"many\", \"completion_tokens\": -3}}\n\n",
      "data: " + "[".repeat(100_000) + "\n\n",
      "data: {\"usage\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001) + "\n\n",
      "{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}", // cut off before its last brace
      "{\"usage\":{\"prompt_tokens\":1e400,\"completion_tokens\":3.5}}",
      "null",
      "[1,2,3]",
      "\"text\"",
      ""
    };
    for (String path : PATHS) {
      for (String type : CONTENT_TYPES) {
        for (String body : bodies) {
          ExchangeMeter meter =
              new MetricsMeterFactory().start("POST", path, List.of(), MeterDriver.START);
          meter.onResponseStart(200, contentType(type), MeterDriver.at(1));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          meter.onResponseBody(bytes, 0, bytes.length, MeterDriver.at(2));
          ExchangeMetrics m = meter.finish(MeterDriver.at(3));
          assertThat(m.promptTokens()).as("%s %s %s", path, type, body).isNull();
          assertThat(m.usageReported()).isFalse();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "chat_nonstream",
        "responses_nonstream",
        "chat_stream",
        "anthropic_messages_stream"
      })
  void everyTruncationOfARealBodyIsQuietAndHonest(String name) {
    Fixture f = Fixture.load(name);
    byte[] body = f.responseBody();
    for (int cut = 0; cut < body.length; cut += 7) {
      ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
      meter.onResponseStart(f.status(), f.responseHeaders(), MeterDriver.at(1));
      meter.onResponseBody(body, 0, cut, MeterDriver.at(2));
      ExchangeMetrics m = meter.finish(MeterDriver.at(3));
      assertThat(m.model()).isEqualTo("tiny");
      if (!f.streamed()) {
        // A cut-off JSON body is not half-read: nothing, not a truncated number.
        assertThat(m.promptTokens()).isNull();
        assertThat(m.usageReported()).isFalse();
      }
    }
  }

  @Test
  void bodyOverTheBufferLimitIsLeftUnmeasured() {
    Fixture f = Fixture.load("chat_nonstream");
    int size = f.responseBody().length;
    ExchangeMetrics fits =
        MeterDriver.replay(new MetricsMeterFactory(size), f, f.responseHeaders(), f.chunks());
    assertThat(fits.promptTokens()).isEqualTo(34L);
    ExchangeMetrics over =
        MeterDriver.replay(new MetricsMeterFactory(size - 1), f, f.responseHeaders(), f.chunks());
    assertThat(over)
        .isEqualTo(
            new ExchangeMetrics(
                "tiny", null, null, null, null, null, null, null, null, null, false));
  }

  @Test
  void twoHundredMegabytesPassWithoutBufferingThem() throws IOException {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    long total = 200L * 1024 * 1024;
    for (String type : List.of("application/json", "text/event-stream", "application/x-ndjson")) {
      ExchangeMeter meter =
          new MetricsMeterFactory()
              .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
      meter.onResponseStart(200, contentType(type), MeterDriver.at(1));
      for (long sent = 0; sent < total; sent += chunk.length) {
        meter.onResponseBody(chunk, 0, chunk.length, MeterDriver.at(2));
      }
      assertNothingMeasured(meter.finish(MeterDriver.at(3)));
    }
    // The same as a gzip bomb: a little compressed input, a lot of output, bounded memory.
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
      for (long sent = 0; sent < total; sent += chunk.length) {
        gz.write(chunk);
      }
    }
    byte[] bomb = packed.toByteArray();
    ExchangeMeter meter =
        new MetricsMeterFactory()
            .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
    meter.onResponseStart(
        200,
        List.of(
            new Header("Content-Type", "application/json"), new Header("Content-Encoding", "gzip")),
        MeterDriver.at(1));
    meter.onResponseBody(bomb, 0, bomb.length, MeterDriver.at(2));
    assertNothingMeasured(meter.finish(MeterDriver.at(3)));
  }

  @Test
  void oversizedStreamEventIsSkippedButCounted() {
    Fixture f = Fixture.load("chat_stream_include_usage");
    String huge =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
            + "z".repeat(3000)
            + "\"}}],\"usage\":{\"prompt_tokens\":999}}\n\n";
    byte[] first = f.chunks().getFirst().bytes();
    byte[] withHuge =
        (new String(first, StandardCharsets.UTF_8) + huge).getBytes(StandardCharsets.UTF_8);
    List<Fixture.Chunk> chunks = new java.util.ArrayList<>(f.chunks());
    chunks.set(0, new Fixture.Chunk(withHuge, f.chunks().getFirst().msSinceRequest()));
    ExchangeMetrics m =
        MeterDriver.replay(
            new MetricsMeterFactory(new MeterLimits(1 << 20, 1000, 1 << 20)),
            f,
            f.responseHeaders(),
            chunks);
    assertThat(m.eventCount()).isEqualTo(36); // 35 recorded + the skipped one
    assertThat(m.promptTokens()).isEqualTo(32L); // not 999: the big event was never parsed
    assertThat(m.completionTokens()).isEqualTo(32L);
  }

  @Test
  void oddCallsAreIgnoredQuietly() {
    ExchangeMeter.Factory factory = new MetricsMeterFactory();
    assertThatCode(() -> factory.start("GET", "/", java.util.Arrays.asList((Header) null), 0))
        .doesNotThrowAnyException();
    ExchangeMeter meter = factory.start(null, null, null, 0);
    assertThatCode(
            () -> {
              meter.onRequestBody(null, 0, 10);
              meter.onRequestBody(new byte[4], 3, 10);
              meter.onRequestBody(new byte[4], -1, 2);
              meter.onResponseBody(new byte[4], 2, 5, 1);
              meter.onResponseStart(200, null, 1);
              meter.onResponseStart(200, null, 1);
              meter.onResponseBody(null, 0, 0, 2);
              meter.onResponseBody(new byte[] {'{', '}'}, 0, 2, 2);
            })
        .doesNotThrowAnyException();
    ExchangeMetrics m = meter.finish(3);
    assertThat(m).isEqualTo(ExchangeMetrics.EMPTY);
    assertThat(meter.finish(4)).isSameAs(m);
    meter.onResponseBody(new byte[] {'x'}, 0, 1, 5); // after finish: ignored
    assertThat(meter.snapshot()).isSameAs(m);
  }

  @Test
  void bodyWithoutResponseHeadIsReadAsAPlainBody() {
    Fixture f = Fixture.load("chat_nonstream");
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    meter.onResponseBody(f.responseBody(), 0, f.responseBody().length, MeterDriver.at(5));
    assertThat(meter.finish(MeterDriver.at(6)).promptTokens()).isEqualTo(34L);
  }

  @Test
  void exchangeWithoutResponseKeepsTheRequestModel() {
    Fixture f = Fixture.load("chat_stream");
    ExchangeMeter meter = MeterDriver.start(new MetricsMeterFactory(), f);
    assertThat(meter.finish(MeterDriver.at(5)))
        .isEqualTo(
            new ExchangeMetrics(
                "tiny", null, null, null, null, null, null, null, null, null, false));
  }
}
