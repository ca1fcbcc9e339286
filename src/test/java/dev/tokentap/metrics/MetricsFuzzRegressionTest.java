package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs the fuzz tests ({@code *FuzzTest} in this package) once failed on, replayed exactly: each
 * test names the property that found it.
 */
class MetricsFuzzRegressionTest {

  /**
   * SseEventReaderFuzzTest: with a 1000-byte event limit, a real stream fed one byte at a time grew
   * the line buffer from 512 to 1024 bytes: doubling went past the limit it is meant to stay in.
   */
  @Test
  void sseBuffersNeverGrowPastTheEventLimit() {
    byte[] body = Fixture.load("chat_stream_include_usage").responseBody();
    SseEventReader reader = new SseEventReader(1000, (type, data, len) -> {});
    for (int i = 0; i < body.length; i++) {
      reader.feed(body, i, 1);
      assertThat(reader.retainedBytes()).isLessThanOrEqualTo(2 * 1000);
    }
  }

  /**
   * UsageExtractorFuzzTest (countsAreNeverNegativeInRealJsonWithOddValues, seed 20261204): the last
   * event of completion_native_stream, odd values in its leaves, read as a /v1/responses body. Its
   * timings (prompt_n 9223372036854775807, cache_n 4) summed past Long.MAX_VALUE into a negative
   * prompt count. A sum no count can be is unknown, not negative.
   */
  @Test
  void timingsCountsThatOverflowGiveNoPromptCount() {
    ExchangeMetrics m = meterBody("/v1/responses", TIMINGS_OVERFLOW);
    assertThat(m.promptTokens()).isNull();
    assertThat(m.cachedTokens()).isEqualTo(4);
    assertThat(m.completionTokens()).isEqualTo(24);
  }

  /**
   * UsageExtractorFuzzTest (countsAreNeverNegativeInRealJsonWithOddValues, longer run, seed
   * -8410755334737921319): anthropic_messages_nonstream with odd leaves. Input tokens
   * 9223372036854775806 plus 33 cache reads overflowed into a negative prompt count.
   */
  @Test
  void anthropicInputPlusCacheThatOverflowsGivesNoPromptCount() {
    ExchangeMetrics m = meterBody("/v1/messages", ANTHROPIC_OVERFLOW);
    assertThat(m.promptTokens()).isNull();
    assertThat(m.cachedTokens()).isEqualTo(33);
  }

  private static ExchangeMetrics meterBody(String path, String json) {
    ExchangeMeter meter =
        new MetricsMeterFactory().start("POST", path, List.of(), MeterDriver.START);
    meter.onResponseStart(
        200, List.of(new Header("Content-Type", "application/json")), MeterDriver.at(1));
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    meter.onResponseBody(body, 0, body.length, MeterDriver.at(2));
    return meter.finish(MeterDriver.at(3));
  }

  private static final String TIMINGS_OVERFLOW =
      "{\"index\":0.5,\"content\":\"\",\"tokens\":[],\"id_slot\":4503599627370497,\"stop"
          + "\":true,\"model\":\"tiny\",\"tokens_predicted\":24,\"tokens_evaluated\":5,\"gene"
          + "ration_settings\":{\"seed\":7,\"temperature\":0.800000011920929,\"dynatemp_r"
          + "ange\":0.0,\"dynatemp_exponent\":18446744073709551615,\"top_k\":40,\"top_p\":"
          + "0.949999988079071,\"min_p\":0.05000000074505806,\"top_n_sigma\":-1.0,\"xtc_"
          + "probability\":0.0,\"xtc_threshold\":\"\",\"typical_p\":1.0,\"repeat_last_n\":64"
          + ",\"repeat_penalty\":\"-Infinity\",\"presence_penalty\":0.0,\"frequency_penalt"
          + "y\":\"Infinity\",\"dry_multiplier\":0.0,\"dry_base\":1.75,\"dry_allowed_length"
          + "\":2,\"dry_penalty_last_n\":64,\"dry_sequence_breakers\":[null,\":\",45035996"
          + "27370497,\"*\"],\"mirostat\":0,\"mirostat_tau\":5.0,\"mirostat_eta\":\"message_"
          + "start\",\"adaptive_target\":\"\",\"adaptive_decay\":0.8999999761581421,\"stop\""
          + ":[],\"max_tokens\":24,\"n_predict\":24,\"n_keep\":{},\"n_discard\":false,\"igno"
          + "re_eos\":false,\"stream\":true,\"logit_bias\":[],\"n_probs\":0,\"min_keep\":12,"
          + "\"grammar\":\"Infinity\",\"grammar_lazy\":true,\"grammar_triggers\":[],\"preser"
          + "ved_tokens\":[],\"chat_format\":\"Content-only\",\"reasoning_format\":true,\"r"
          + "easoning_in_content\":false,\"generation_prompt\":\"\",\"samplers\":[\"penalti"
          + "es\",0,\"top_n_sigma\",\"top_k\",1.0E308,\"top_p\",\"min_p\",\"xtc\",\"temperature"
          + "\"],\"speculative.types\":\"none\",\"timings_per_token\":false,\"post_sampling"
          + "_probs\":false,\"backend_sampling\":false,\"lora\":[]},\"prompt\":\"<|begin_of"
          + "_text|>The quick brown fox\",\"has_new_line\":false,\"truncated\":false,\"st"
          + "op_type\":\"limit\",\"stopping_word\":\"\",\"tokens_cached\":28,\"timings\":{\"cac"
          + "he_n\":4,\"prompt_n\":9223372036854775807,\"prompt_ms\":2.146,\"prompt_per_t"
          + "oken_ms\":2.146,\"prompt_per_second\":465.98322460391427,\"predicted_n\":24"
          + ",\"predicted_ms\":44.212,\"predicted_per_token_ms\":1.9222608695652175,\"pr"
          + "edicted_per_second\":520.220754546277}}";

  private static final String ANTHROPIC_OVERFLOW =
      "{\"id\":\"chatcmpl-CsXPlM06lMtrA1RTbLA9e7JGKaFgFi2a\",\"type\":\"stop\",\"role\""
          + ":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":9223372036854775808}],\"m"
          + "odel\":\"stop\",\"stop_reason\":\"max_tokens\",\"stop_sequence\":-9223372036854"
          + "775808,\"usage\":{\"cache_read_input_tokens\":33,\"input_tokens\":9223372036"
          + "854775806,\"output_tokens\":\"-Infinity\"}}";
}
