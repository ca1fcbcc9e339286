package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.testing.Fixture;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded llama-server exchange, replayed chunk by chunk with its recorded times, gives
 * exactly the figures in its files. The numbers below are copied from the fixture bytes; times are
 * milliseconds from {@code chunk_times.tsv}.
 */
class FixtureMetricsTest {

  private static ExchangeMetrics nonStream(
      String model,
      String finish,
      Long prompt,
      Long cached,
      Long completion,
      Double promptTps,
      Double genTps,
      boolean reported) {
    return new ExchangeMetrics(
        model, finish, prompt, cached, completion, promptTps, genTps, null, null, null, reported);
  }

  private static ExchangeMetrics requestModelOnly(String model) {
    return nonStream(model, null, null, null, null, null, null, false);
  }

  static final Map<String, ExchangeMetrics> EXPECTED =
      Map.ofEntries(
          // usage + timings; usage.prompt_tokens includes cached tokens
          Map.entry(
              "chat_nonstream",
              nonStream(
                  "tiny", "length", 34L, 0L, 32L, 9011.396766498807, 5.416811406197252, true)),
          Map.entry(
              "chat_nonstream_repeat_cached",
              nonStream(
                  "tiny", "length", 34L, 33L, 32L, 15.38059276804528, 6.318276879529415, true)),
          Map.entry(
              "auth_chat_ok",
              nonStream(
                  "tiny", "length", 34L, 0L, 8L, 3257.9532387888075, 294.1670869053623, true)),
          // no usage in the stream: prompt = prompt_n 13 + cache_n 16, completion = predicted_n.
          // Role chunk and first content chunk share the first HTTP chunk (4.696 ms); longest
          // gap 251.663 -> 492.265 ms; 34 data events + [DONE] = 35 events.
          Map.entry(
              "chat_stream",
              new ExchangeMetrics(
                  "tiny",
                  "length",
                  29L,
                  16L,
                  32L,
                  5158.730158730158,
                  63.62106472930264,
                  4.696,
                  240.602,
                  35,
                  true)),
          // extra "choices":[] chunk with usage; the role chunk came alone at 25.x ms, the
          // first content at 304.074 ms.
          Map.entry(
              "chat_stream_include_usage",
              new ExchangeMetrics(
                  "tiny",
                  "length",
                  32L,
                  24L,
                  32L,
                  27.610389789677857,
                  26.48244000659498,
                  304.074,
                  505.677,
                  35,
                  true)),
          // client hung up after 5 events (role + 4 content): nothing reported, the 4 token
          // events stand in for the count; genTps measured (4 - 1) / (8.935 - 2.821) ms.
          Map.entry(
              "client_disconnect_midstream",
              new ExchangeMetrics(
                  "tiny", null, null, null, 4L, null, 3 / 0.006114, 2.821, 2.066, 5, false)),
          Map.entry(
              "v1_completions_nonstream",
              nonStream("tiny", "length", 11L, 0L, 24L, 4313.725490196079, 6.60095748323285, true)),
          Map.entry(
              "v1_completions_stream",
              new ExchangeMetrics(
                  "tiny",
                  "length",
                  11L,
                  10L,
                  24L,
                  28.035549076228662,
                  507.69264728605174,
                  75.258,
                  4.411,
                  25,
                  true)),
          // native: tokens_evaluated (cached included), timings.cache_n (not tokens_cached 28)
          Map.entry(
              "completion_native_nonstream",
              nonStream(
                  "tiny", "limit", 5L, 1L, 24L, 13.295220368277604, 10.255266971352135, true)),
          Map.entry(
              "completion_native_stream",
              new ExchangeMetrics(
                  "tiny",
                  "limit",
                  5L,
                  4L,
                  24L,
                  465.98322460391427,
                  520.220754546277,
                  4.073,
                  3.721,
                  25,
                  true)),
          Map.entry(
              "infill_nonstream",
              nonStream(
                  "tiny", "limit", 20L, 0L, 16L, 3418.219107844813, 6.1642602764383065, true)),
          Map.entry("infill_unsupported_error", requestModelOnly(null)),
          // Anthropic: prompt = input_tokens 1 + cache_read_input_tokens 33; no timings
          Map.entry(
              "anthropic_messages_nonstream",
              nonStream("tiny", "max_tokens", 34L, 33L, 32L, null, null, true)),
          // no timings: genTps measured, (output_tokens 32 - 1) over first (2.674 ms) to last
          // (68.515 ms) content_block_delta.
          Map.entry(
              "anthropic_messages_stream",
              new ExchangeMetrics(
                  "tiny",
                  "max_tokens",
                  34L,
                  33L,
                  32L,
                  null,
                  31 / 0.065841,
                  2.674,
                  4.292,
                  36,
                  true)),
          Map.entry(
              "responses_nonstream",
              nonStream("tiny", "completed", 29L, 24L, 32L, null, null, true)),
          // response.completed carries response.usage and a top-level timings
          Map.entry(
              "responses_stream",
              new ExchangeMetrics(
                  "tiny",
                  "completed",
                  29L,
                  28L,
                  32L,
                  361.01083032490976,
                  23.183324757996004,
                  6.223,
                  356.965,
                  40,
                  true)),
          Map.entry(
              "embeddings_v1_single", nonStream("tiny", null, 3L, null, null, null, null, true)),
          // errors: nothing measured, the model comes from the request (even a cut-off one)
          Map.entry("error_malformed_json", requestModelOnly("tiny")),
          Map.entry("error_context_overflow", requestModelOnly("tiny")),
          Map.entry("auth_chat_wrong_key", requestModelOnly("tiny")),
          Map.entry("error_unknown_path_post", requestModelOnly(null)),
          // the server's own status endpoints: nothing to measure
          Map.entry("get_health", ExchangeMetrics.EMPTY),
          Map.entry("get_v1_models", ExchangeMetrics.EMPTY),
          Map.entry("get_props", ExchangeMetrics.EMPTY),
          Map.entry("get_slots_after", ExchangeMetrics.EMPTY),
          Map.entry("get_metrics_after", ExchangeMetrics.EMPTY));

  static Stream<Arguments> fixtures() {
    return Fixture.names().stream().map(n -> Arguments.of(n, EXPECTED.get(n)));
  }

  @Test
  void everyFixtureHasExpectedFigures() {
    assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(Fixture.names());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void replayGivesTheFixtureFigures(String name, ExchangeMetrics expected) {
    ExchangeMetrics actual = MeterDriver.replay(Fixture.load(name));
    assertSameFigures(actual, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void byteByByteGivesTheSameFigures(String name, ExchangeMetrics expected) {
    // Every chunk boundary possible, inside multi-byte characters and between the two LFs that
    // end an event. Each byte keeps its chunk's time, so even the timing figures are unchanged.
    Fixture f = Fixture.load(name);
    List<Fixture.Chunk> bytes =
        f.chunks().stream()
            .flatMap(
                c -> {
                  Stream.Builder<Fixture.Chunk> b = Stream.builder();
                  for (byte x : c.bytes()) {
                    b.add(new Fixture.Chunk(new byte[] {x}, c.msSinceRequest()));
                  }
                  return b.build();
                })
            .toList();
    ExchangeMetrics actual =
        MeterDriver.replay(new MetricsMeterFactory(), f, f.responseHeaders(), bytes);
    assertSameFigures(actual, expected);
  }

  static void assertSameFigures(ExchangeMetrics actual, ExchangeMetrics expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(FixtureMetricsTest::closeEnough, Double.class)
        .isEqualTo(expected);
  }

  private static int closeEnough(Double a, Double b) {
    if (a == null || b == null) {
      return a == b ? 0 : 1;
    }
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 0 : Double.compare(a, b);
  }
}
