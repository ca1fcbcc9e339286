package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ollama's native API (no recorded fixture): inputs follow the examples of Ollama's API docs.
 * Durations are nanoseconds; prompt tokens are {@code prompt_eval_count}, generated ones {@code
 * eval_count}; there is no cached count.
 */
class OllamaMetricsTest {

  private static final String CHAT_REQUEST =
      "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky"
          + " blue?\"}]}";
  private static final String[] CHAT_STREAM = {
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"The\",\"images\":null},\"done\":false}",
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.405406455-07:00\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\" sky\"},\"done\":false}",
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.425406455-07:00\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\" is\"},\"done\":false}",
    "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
        + "\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,"
        + "\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,"
        + "\"eval_duration\":4535599000}"
  };
  private static final String GENERATE_BODY =
      "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"response\":\"The"
          + " sky is blue because it is the color of the sky.\",\"done\":true,"
          + "\"done_reason\":\"stop\",\"context\":[1,2,3],\"total_duration\":5043500667,"
          + "\"load_duration\":5025959,\"prompt_eval_count\":26,"
          + "\"prompt_eval_duration\":325953000,\"eval_count\":290,\"eval_duration\":4709213000}";

  private static final List<Header> NDJSON =
      List.of(new Header("Content-Type", "application/x-ndjson"));
  private static final List<Header> JSON =
      List.of(new Header("Content-Type", "application/json; charset=utf-8"));

  private static ExchangeMeter start(String path, String request) {
    ExchangeMeter meter =
        new MetricsMeterFactory().start("POST", path, List.of(), MeterDriver.START);
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    meter.onRequestBody(body, 0, body.length);
    return meter;
  }

  private static void send(ExchangeMeter meter, String text, double ms) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    meter.onResponseBody(bytes, 0, bytes.length, MeterDriver.at(ms));
  }

  @Test
  void chatStreamedLineByLine() {
    ExchangeMeter meter = start("/api/chat", CHAT_REQUEST);
    meter.onResponseStart(200, NDJSON, MeterDriver.at(90));
    send(meter, CHAT_STREAM[0] + "\n", 100);
    send(meter, CHAT_STREAM[1] + "\n", 120);
    ExchangeMetrics soFar = meter.snapshot();
    assertThat(soFar.completionTokens()).isEqualTo(2L); // token lines until the counts arrive
    assertThat(soFar.model()).isEqualTo("llama3.2");
    assertThat(soFar.usageReported()).isFalse();
    // one line cut across two chunks
    String third = CHAT_STREAM[2] + "\n";
    send(meter, third.substring(0, 40), 140);
    send(meter, third.substring(40), 145);
    send(meter, CHAT_STREAM[3] + "\n", 400);
    ExchangeMetrics m = meter.finish(MeterDriver.at(401));

    assertThat(m.model()).isEqualTo("llama3.2");
    assertThat(m.finishReason()).isEqualTo("stop");
    assertThat(m.promptTokens()).isEqualTo(26L);
    assertThat(m.cachedTokens()).isNull();
    assertThat(m.completionTokens()).isEqualTo(282L);
    assertThat(m.promptTps()).isCloseTo(26 / 0.342546, within(1e-9));
    assertThat(m.genTps()).isCloseTo(282 / 4.535599, within(1e-9));
    assertThat(m.ttftMs()).isCloseTo(100.0, within(1e-9));
    assertThat(m.maxGapMs()).isCloseTo(255.0, within(1e-9));
    assertThat(m.eventCount()).isEqualTo(4);
    assertThat(m.usageReported()).isTrue();
  }

  @Test
  void chatNotStreamed() {
    ExchangeMeter meter = start("/api/chat", CHAT_REQUEST.replace("}]}", "}],\"stream\":false}"));
    meter.onResponseStart(200, JSON, MeterDriver.at(4000));
    send(
        meter,
        CHAT_STREAM[3].replace("\"content\":\"\"", "\"content\":\"The sky is blue.\""),
        4000);
    ExchangeMetrics m = meter.finish(MeterDriver.at(4001));
    assertThat(m)
        .isEqualTo(
            new ExchangeMetrics(
                "llama3.2",
                "stop",
                26L,
                null,
                282L,
                26 / 0.342546,
                282 / 4.535599,
                null,
                null,
                null,
                true));
  }

  @Test
  void generateNotStreamed() {
    ExchangeMeter meter = start("/api/generate", "{\"model\":\"llama3.2\",\"stream\":false}");
    meter.onResponseStart(200, JSON, MeterDriver.at(5000));
    send(meter, GENERATE_BODY, 5000);
    ExchangeMetrics m = meter.finish(MeterDriver.at(5001));
    assertThat(m)
        .isEqualTo(
            new ExchangeMetrics(
                "llama3.2",
                "stop",
                26L,
                null,
                290L,
                26 / 0.325953,
                290 / 4.709213,
                null,
                null,
                null,
                true));
  }

  @Test
  void generateStreamed() {
    ExchangeMeter meter = start("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"Why?\"}");
    meter.onResponseStart(200, NDJSON, MeterDriver.at(10));
    send(
        meter,
        "{\"model\":\"llama3.2\",\"created_at\":\"x\",\"response\":\"\",\"done\":false}\n",
        15); // an empty piece is not a token
    send(
        meter,
        "{\"model\":\"llama3.2\",\"created_at\":\"x\",\"response\":\"The\",\"done\":false}\n",
        30);
    send(
        meter,
        "{\"model\":\"llama3.2\",\"created_at\":\"x\",\"response\":\" sky\",\"done\":false}\n",
        50);
    send(
        meter,
        GENERATE_BODY.replace(
                "\"response\":\"The sky is blue because it is the color of the sky.\"",
                "\"response\":\"\"")
            + "\n",
        70);
    ExchangeMetrics m = meter.finish(MeterDriver.at(71));
    assertThat(m.promptTokens()).isEqualTo(26L);
    assertThat(m.completionTokens()).isEqualTo(290L);
    assertThat(m.genTps()).isCloseTo(290 / 4.709213, within(1e-9));
    assertThat(m.ttftMs()).isCloseTo(30.0, within(1e-9));
    assertThat(m.eventCount()).isEqualTo(4);
    assertThat(m.maxGapMs()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void streamSentAsApplicationJsonStillGivesTheCounts() {
    // Lines of JSON labelled application/json are read whole at the end: the counts are right,
    // but it is not timed as a stream (no events, no time to first token).
    ExchangeMeter meter = start("/api/chat", CHAT_REQUEST);
    meter.onResponseStart(200, JSON, MeterDriver.at(90));
    for (int i = 0; i < CHAT_STREAM.length; i++) {
      send(meter, CHAT_STREAM[i] + "\n", 100 + i);
    }
    ExchangeMetrics m = meter.finish(MeterDriver.at(200));
    assertThat(m.promptTokens()).isEqualTo(26L);
    assertThat(m.completionTokens()).isEqualTo(282L);
    assertThat(m.finishReason()).isEqualTo("stop");
    assertThat(m.eventCount()).isNull();
    assertThat(m.ttftMs()).isNull();
  }

  @Test
  void fullyCachedPromptWithoutPromptEvalCountStaysUnknown() {
    // Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
    ExchangeMeter meter = start("/api/generate", "{\"model\":\"llama3.2\",\"stream\":false}");
    meter.onResponseStart(200, JSON, MeterDriver.at(5));
    send(
        meter,
        "{\"model\":\"llama3.2\",\"response\":\"Hi\",\"done\":true,\"done_reason\":\"stop\","
            + "\"eval_count\":2,\"eval_duration\":0}",
        6);
    ExchangeMetrics m = meter.finish(MeterDriver.at(7));
    assertThat(m.promptTokens()).isNull();
    assertThat(m.promptTps()).isNull();
    assertThat(m.completionTokens()).isEqualTo(2L);
    assertThat(m.genTps()).isNull(); // zero duration: no speed rather than infinity
    assertThat(m.usageReported()).isTrue();
  }
}
