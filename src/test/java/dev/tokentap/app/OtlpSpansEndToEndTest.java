package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.MARK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.OtlpCollector;
import dev.tokentap.testing.OtlpCollector.Received;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --otlp}: real llama-server fixtures go through a headless TokenTap over real sockets, and
 * a real OTLP/HTTP receiver decodes the protobuf the SDK's exporter sends.
 */
class OtlpSpansEndToEndTest {

  @TempDir Path dataDir;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @Test
  void oneGenAiSpanPerModelExchangeWithTheFixturesFigures() throws Exception {
    long before = System.currentTimeMillis();
    try (ReplayUpstream upstream = new ReplayUpstream();
        OtlpCollector collector = new OtlpCollector()) {
      TokenTap app = start(upstream, "--otlp", collector.url());
      try {
        AppTesting.replay(
            app.listenAddress().getPort(),
            upstream,
            List.of(
                "chat_stream_include_usage",
                "chat_nonstream",
                "embeddings_v1_single",
                "v1_completions_nonstream",
                "error_context_overflow",
                "get_health"));
      } finally {
        app.stop(); // sends what is queued
      }
      long after = System.currentTimeMillis();
      List<Received> spans = collector.awaitSpans(5, 5_000);
      assertThat(spans).hasSize(5); // /health is no model call: no span
      assertThat(collector.contentTypes()).allMatch(t -> t.startsWith("application/x-protobuf"));
      Map<Long, Received> byId =
          spans.stream()
              .collect(
                  Collectors.toMap(
                      r -> r.attribute("tokentap.exchange.id").getIntValue(), Function.identity()));
      assertThat(byId).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);

      Received stream = byId.get(1L);
      Span s = stream.span();
      assertThat(s.getName()).isEqualTo("chat tiny");
      assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(s.getParentSpanId().isEmpty()).isTrue();
      long startMs = TimeUnit.NANOSECONDS.toMillis(s.getStartTimeUnixNano());
      long endMs = TimeUnit.NANOSECONDS.toMillis(s.getEndTimeUnixNano());
      assertThat(startMs).isBetween(before, after);
      assertThat(endMs).isBetween(startMs, after);
      assertThat(text(stream, "gen_ai.operation.name")).isEqualTo("chat");
      assertThat(text(stream, "gen_ai.provider.name")).isEqualTo("llama.cpp");
      assertThat(text(stream, "gen_ai.request.model")).isEqualTo("tiny");
      assertThat(text(stream, "gen_ai.response.model")).isEqualTo("tiny");
      assertThat(stream.attribute("gen_ai.request.stream").getBoolValue()).isTrue();
      assertThat(number(stream, "gen_ai.usage.input_tokens")).isEqualTo(32); // cached included
      assertThat(number(stream, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(24);
      assertThat(number(stream, "gen_ai.usage.output_tokens")).isEqualTo(32);
      assertThat(stream.attribute("gen_ai.response.finish_reasons").getArrayValue().getValuesList())
          .extracting(AnyValue::getStringValue)
          .containsExactly("length");
      double ttft = stream.attribute("gen_ai.response.time_to_first_chunk").getDoubleValue();
      assertThat(ttft).isGreaterThan(0).isLessThanOrEqualTo((endMs - startMs + 1) / 1000.0);
      assertThat(text(stream, "server.address")).isEqualTo("127.0.0.1");
      assertThat(number(stream, "server.port")).isEqualTo(upstream.port());
      assertThat(number(stream, "http.response.status_code")).isEqualTo(200);
      assertThat(stream.attribute("error.type")).isNull();
      assertThat(s.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
      assertThat(stream.attribute("tokentap.request.body")).isNull(); // no content by default
      assertThat(stream.attribute("tokentap.response.body")).isNull();
      assertThat(stream.resourceAttribute("service.name").getStringValue()).isEqualTo("tokentap");
      assertThat(stream.resourceAttribute("service.version").getStringValue())
          .isEqualTo(Version.tokentap());
      assertThat(stream.resourceAttribute("host.name").getStringValue()).isNotBlank();

      Received plain = byId.get(2L);
      assertThat(plain.span().getName()).isEqualTo("chat tiny");
      assertThat(plain.attribute("gen_ai.request.stream").getBoolValue()).isFalse();
      assertThat(number(plain, "gen_ai.usage.input_tokens")).isEqualTo(34);
      assertThat(number(plain, "gen_ai.usage.cache_read.input_tokens")).isZero();
      assertThat(number(plain, "gen_ai.usage.output_tokens")).isEqualTo(32);
      assertThat(plain.attribute("gen_ai.response.time_to_first_chunk")).isNull();

      assertThat(text(byId.get(3L), "gen_ai.operation.name")).isEqualTo("embeddings");
      assertThat(byId.get(3L).span().getName()).isEqualTo("embeddings tiny");
      assertThat(text(byId.get(4L), "gen_ai.operation.name")).isEqualTo("text_completion");

      Received error = byId.get(5L);
      assertThat(text(error, "error.type")).isEqualTo("400");
      assertThat(text(error, "tokentap.outcome")).isEqualTo("upstream_error");
      assertThat(error.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    }
  }

  @Test
  void otlpContentAddsTheBodiesRedacted() throws Exception {
    try (ReplayUpstream upstream = new ReplayUpstream();
        OtlpCollector collector = new OtlpCollector()) {
      TokenTap app = start(upstream, "--otlp", collector.url() + "/v1/traces", "--otlp-content");
      try {
        AppTesting.sendSecret(app.listenAddress().getPort(), upstream);
      } finally {
        app.stop();
      }
      List<Received> spans = collector.awaitSpans(1, 5_000);
      assertThat(spans).hasSize(1);
      String request = text(spans.getFirst(), "tokentap.request.body");
      String response = text(spans.getFirst(), "tokentap.response.body");
      assertThat(request).contains("\"messages\"").contains("my key is").doesNotContain(MARK);
      assertThat(response).contains("choices");
      assertThat(spans.getFirst().span().toString()).doesNotContain(MARK);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(MARK);
  }

  @Test
  void aDeadCollectorCostsSpansNotForwarding() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      TokenTap app = start(upstream, "--otlp", "http://127.0.0.1:" + closed, "--otlp-content");
      int port = app.listenAddress().getPort();
      long started = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        Fixture f = Fixture.load(i % 2 == 0 ? "chat_nonstream" : "chat_stream_include_usage");
        upstream.enqueue(Reply.of(f).scaled(0.01));
        try (RawClient client = new RawClient(port)) {
          RawClient.Answer answer = client.send(f.requestBytes()).read(false);
          assertThat(answer.status()).isEqualTo(200);
          assertThat(answer.body()).isEqualTo(f.responseBody());
        }
      }
      long forwardedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(forwardedMs).as("20 replayed exchanges").isLessThan(10_000);
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (!log.toString(StandardCharsets.UTF_8).contains("could not send")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      System.err.println("failure said after " + (System.nanoTime() - started) / 1_000_000 + " ms");
      assertThat(log.toString(StandardCharsets.UTF_8))
          .contains("to the OTLP collector at http://127.0.0.1:" + closed + "/v1/traces")
          .doesNotContain("SEVERE")
          .doesNotContain("\tat ");
      long stopping = System.nanoTime();
      app.stop();
      long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
      System.err.println("forwarded " + forwardedMs + " ms, stopped " + stopMs + " ms");
      assertThat(stopMs).as("stop with a dead collector").isLessThan(4_000);
    }
  }

  @Test
  void theFlagsAreChecked() {
    assertThat(AppTesting.run("--otlp-content", "--headless").err)
        .contains("--otlp-content goes with --otlp URL");
    assertThat(AppTesting.run("--otlp", "udp://x:1", "--headless").err)
        .contains("--otlp wants an OTLP/HTTP collector URL");
  }

  private TokenTap start(ReplayUpstream upstream, String... more) throws Exception {
    PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8);
    return HeadlessTokenTap.start(dataDir, upstream.url(), p, more);
  }

  private static String text(Received r, String key) {
    AnyValue v = r.attribute(key);
    return v == null ? null : v.getStringValue();
  }

  private static long number(Received r, String key) {
    AnyValue v = r.attribute(key);
    assertThat(v).as(key).isNotNull();
    return v.getIntValue();
  }
}
