package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.app.InProcessTokenTap;
import dev.tokentap.live.LiveHttp.Reply;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.store.UsageStats;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint llama-server offers (with this model and these flags; embeddings and reranking on
 * servers of their own, audio transcription and the router's model endpoints only as the errors
 * this server answers), streamed and not, in two mixed passes through the real TokenTap: no 502,
 * every recorded figure equal to what llama-server told the client, and TokenTap's token sums equal
 * to the change of llama-server's own {@code /metrics} counters.
 */
class EndpointsLiveTest {

  @TempDir Path dataDir;
  @TempDir Path embedDataDir;
  @TempDir Path rerankDataDir;
  @TempDir Path slotSaves;

  /** One request; {@code status} is what llama-server answers it. */
  record Step(String name, String method, String path, String body, int status) {
    static Step get(String path) {
      return new Step("GET " + path, "GET", path, null, 200);
    }

    static Step post(String name, String path, String body) {
      return new Step(name, "POST", path, body, 200);
    }

    Step answering(int code) {
      return new Step(name, method, path, body, code);
    }
  }

  private static final String CHAT =
      """
      {"model":"tiny","messages":[{"role":"system","content":"You are terse."},\
      {"role":"user","content":"Name three rivers in Europe."}],"max_tokens":24,"seed":1%s}""";
  private static final String COMPLETIONS =
      """
      {"model":"tiny","prompt":"The quick brown fox jumps over","max_tokens":20,"seed":2%s}""";
  private static final String NATIVE =
      """
      {"prompt":"Once upon a time in a small village","n_predict":20,"seed":3%s}""";
  private static final String INFILL =
      """
      {"input_prefix":"def add(a, b):\\n    ","input_suffix":"\\n\\nprint(add(1, 2))\\n",\
      "n_predict":16,"seed":4%s}""";
  private static final String MESSAGES =
      """
      {"model":"tiny","max_tokens":24,"system":"Be brief.",\
      "messages":[{"role":"user","content":"What is a prime number?"}]%s}""";
  private static final String RESPONSES =
      """
      {"model":"tiny","input":"List three facts about Mars.","instructions":"Be brief.",\
      "max_output_tokens":24%s}""";

  static List<Step> mainSteps() {
    String stream = ",\"stream\":true";
    return List.of(
        Step.get("/health"),
        Step.post("chat", "/v1/chat/completions", CHAT.formatted("")),
        Step.post("chat stream", "/v1/chat/completions", CHAT.formatted(stream)),
        Step.post(
            "chat stream include_usage",
            "/v1/chat/completions",
            CHAT.formatted(stream + ",\"stream_options\":{\"include_usage\":true}")),
        Step.post("chat (alias path)", "/chat/completions", CHAT.formatted("")),
        Step.get("/v1/models"),
        Step.post("completions stream", "/v1/completions", COMPLETIONS.formatted(stream)),
        Step.post("completions", "/v1/completions", COMPLETIONS.formatted("")),
        Step.get("/models"),
        Step.post("native completion stream", "/completion", NATIVE.formatted(stream)),
        Step.post("native completion", "/completion", NATIVE.formatted("")),
        Step.post("native completions (alias)", "/completions", NATIVE.formatted("")),
        Step.get("/props"),
        Step.post("infill", "/infill", INFILL.formatted("")),
        Step.post("infill stream", "/infill", INFILL.formatted(stream)),
        Step.get("/slots"),
        Step.post("messages stream", "/v1/messages", MESSAGES.formatted(stream)),
        Step.post("messages", "/v1/messages", MESSAGES.formatted("")),
        Step.post("messages count_tokens", "/v1/messages/count_tokens", MESSAGES.formatted("")),
        Step.post("responses", "/v1/responses", RESPONSES.formatted("")),
        Step.post("responses stream", "/v1/responses", RESPONSES.formatted(stream)),
        Step.get("/metrics"),
        Step.post("tokenize", "/tokenize", "{\"content\":\"Hello, llama\"}"),
        Step.post("detokenize", "/detokenize", "{\"tokens\":[9906,11,94776]}"),
        Step.post(
            "apply-template",
            "/apply-template",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        Step.get("/lora-adapters"),
        Step.post("slot save", "/slots/0?action=save", "{\"filename\":\"slot0.bin\"}"),
        Step.post("slot erase", "/slots/0?action=erase", ""),
        Step.post("unknown path", "/v1/nothing-here", "{}").answering(404),
        Step.post("malformed JSON", "/v1/chat/completions", "{\"model\":\"tiny\",\"messages\":[")
            .answering(500),
        Step.post(
                "context overflow",
                "/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "lorem ipsum dolor ".repeat(2000)
                    + "\"}],\"max_tokens\":4}")
            .answering(400),
        Step.get("/v1/health"),
        Step.post("chat input_tokens", "/v1/chat/completions/input_tokens", CHAT.formatted("")),
        Step.post(
            "chat input_tokens (alias)", "/chat/completions/input_tokens", CHAT.formatted("")),
        Step.post("responses input_tokens", "/v1/responses/input_tokens", RESPONSES.formatted("")),
        Step.post("responses (alias path) stream", "/responses", RESPONSES.formatted(stream)),
        Step.post("slot restore", "/slots/0?action=restore", "{\"filename\":\"slot0.bin\"}"),
        Step.post("lora-adapters set", "/lora-adapters", "[]"),
        Step.post("streams lookup", "/v1/streams/lookup", "{}"),
        new Step("GET /v1/stream without an id", "GET", "/v1/stream?id=x", null, 400),
        Step.post("completion control without an id", "/v1/chat/completions/control", "{}")
            .answering(400),
        Step.post("props (not enabled)", "/props", "{}").answering(501),
        Step.post("rerank (not enabled)", "/v1/rerank", "{\"query\":\"a\",\"documents\":[\"b\"]}")
            .answering(501),
        Step.post("transcription (no audio model)", "/v1/audio/transcriptions", "{}")
            .answering(501),
        Step.post("tools (not enabled)", "/tools", "{}").answering(403));
  }

  static List<Step> embeddingSteps() {
    return List.of(
        Step.post(
            "v1 embeddings", "/v1/embeddings", "{\"input\":\"a red fox\",\"model\":\"tiny\"}"),
        Step.post(
            "v1 embeddings, two inputs",
            "/v1/embeddings",
            "{\"input\":[\"one\",\"two words\"],\"model\":\"tiny\"}"),
        Step.post("native embedding", "/embedding", "{\"content\":\"a red fox\"}"),
        Step.post("embeddings (alias)", "/embeddings", "{\"content\":\"a brown dog\"}"),
        Step.get("/health"));
  }

  @Test
  void everyEndpointTwiceInMixedOrder() throws Exception {
    try (LlamaServer llama =
            LlamaServer.start("endpoints", "--slot-save-path", slotSaves.toString());
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      List<Step> steps = new ArrayList<>(mainSteps());
      List<Step> second = new ArrayList<>(mainSteps());
      Collections.shuffle(second, new Random(15));
      steps.addAll(second);

      Map<String, Double> before = llama.settledMetrics();
      List<Reply> replies = run(new LiveHttp(tokentap.url()), steps);
      Map<String, Double> after = llama.settledMetrics();
      List<StoredExchange> rows = tokentap.awaitRecorded(steps.size(), 10_000);

      SoftAssertions soft = new SoftAssertions();
      compare(soft, steps, replies, rows);

      long prompt = 0;
      long cached = 0;
      long generated = 0;
      for (StoredExchange row : rows) {
        if (row.completionTokens() != null) {
          prompt += row.promptTokens() - nz(row.cachedTokens());
          cached += nz(row.cachedTokens());
          generated += row.completionTokens();
        }
      }
      System.out.printf(
          "endpoints: %d exchanges; TokenTap's sums: uncached prompt %d, cached %d, generated %d;"
              + " llama-server's /metrics change: %s, %s, %s%n",
          rows.size(),
          prompt,
          cached,
          generated,
          delta(before, after, "prompt_tokens_total"),
          delta(before, after, "prompt_tokens_cached_total"),
          delta(before, after, "tokens_predicted_total"));
      soft.assertThat(prompt)
          .as("uncached prompt tokens vs llamacpp:prompt_tokens_total")
          .isEqualTo(delta(before, after, "prompt_tokens_total"));
      soft.assertThat(cached)
          .as("cached prompt tokens vs llamacpp:prompt_tokens_cached_total")
          .isEqualTo(delta(before, after, "prompt_tokens_cached_total"));
      soft.assertThat(generated)
          .as("generated tokens vs llamacpp:tokens_predicted_total")
          .isEqualTo(delta(before, after, "tokens_predicted_total"));

      // the dashboard's and stats' rollups of these real exchanges: the same figures as the rows
      ExchangeStore store = tokentap.store();
      ExchangeFilter everyRow = ExchangeFilter.ALL.withText("/"); // every path: read from rows
      soft.assertThat(store.readsRollups(ExchangeFilter.ALL)).isTrue();
      soft.assertThat(store.rangeStats(ExchangeFilter.ALL))
          .as("tiles from rollups vs from rows")
          .isEqualTo(store.rangeStats(everyRow));
      for (UsageStats.By by : UsageStats.By.values()) {
        soft.assertThat(store.usage(ExchangeFilter.ALL, by, ZoneOffset.UTC))
            .as("usage by %s from rollups vs from rows", by)
            .isEqualTo(store.usage(everyRow, by, ZoneOffset.UTC));
      }
      soft.assertThat(store.rangeStats(ExchangeFilter.ALL).completionTokens())
          .as("generated tokens in the tiles vs the rows")
          .isEqualTo(
              rows.stream()
                  .map(StoredExchange::completionTokens)
                  .filter(java.util.Objects::nonNull)
                  .mapToLong(Long::longValue)
                  .sum());
      soft.assertAll();
    }
  }

  static List<Step> rerankSteps() {
    String body =
        "{\"model\":\"tiny\",\"query\":\"a red fox\",\"documents\":[\"a brown dog\","
            + "\"a fox in the snow\",\"tea\"]%s}";
    return List.of(
        Step.post("v1 rerank", "/v1/rerank", body.formatted("")),
        Step.post("rerank top_n", "/rerank", body.formatted(",\"top_n\":2")),
        Step.post("reranking (alias)", "/reranking", body.formatted("")),
        Step.post("v1 reranking (alias)", "/v1/reranking", body.formatted("")));
  }

  @Test
  void rerankingTwice() throws Exception {
    try (LlamaServer llama = LlamaServer.start("rerank", "--reranking");
        InProcessTokenTap tokentap = InProcessTokenTap.start(rerankDataDir, llama.url())) {
      List<Step> steps = new ArrayList<>(rerankSteps());
      steps.addAll(rerankSteps().reversed());
      List<Reply> replies = run(new LiveHttp(tokentap.url()), steps);
      List<StoredExchange> rows = tokentap.awaitRecorded(steps.size(), 10_000);
      SoftAssertions soft = new SoftAssertions();
      compare(soft, steps, replies, rows);
      soft.assertAll();
    }
  }

  @Test
  void embeddingsTwice() throws Exception {
    try (LlamaServer llama = LlamaServer.start("embeddings", "--embeddings", "--pooling", "mean");
        InProcessTokenTap tokentap = InProcessTokenTap.start(embedDataDir, llama.url())) {
      List<Step> steps = new ArrayList<>(embeddingSteps());
      steps.addAll(embeddingSteps().reversed());
      List<Reply> replies = run(new LiveHttp(tokentap.url()), steps);
      List<StoredExchange> rows = tokentap.awaitRecorded(steps.size(), 10_000);
      SoftAssertions soft = new SoftAssertions();
      compare(soft, steps, replies, rows);
      soft.assertAll();
    }
  }

  static List<Reply> run(LiveHttp client, List<Step> steps) throws Exception {
    List<Reply> replies = new ArrayList<>();
    for (Step step : steps) {
      replies.add(
          step.method().equals("GET")
              ? client.get(step.path())
              : client.post(step.path(), step.body()));
    }
    return replies;
  }

  /** Each step's answer against what was asked, and each recorded row against its answer. */
  static void compare(
      SoftAssertions soft, List<Step> steps, List<Reply> replies, List<StoredExchange> rows) {
    soft.assertThat(rows).as("recorded exchanges").hasSize(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Reply reply = replies.get(i);
      String at = "#" + i + " " + step.name();
      soft.assertThat(reply.status())
          .as(at + ": status (body: %s)", abbreviated(reply.body()))
          .isEqualTo(step.status());
      if (i >= rows.size()) {
        continue;
      }
      StoredExchange row = rows.get(i);
      soft.assertThat(row.path() + (row.query() == null ? "" : "?" + row.query()))
          .as(at + ": recorded path")
          .isEqualTo(step.path());
      soft.assertThat(row.status()).as(at + ": recorded status").isEqualTo(reply.status());
      soft.assertThat(row.streamed()).as(at + ": recorded streamed").isEqualTo(reply.sse());
      soft.assertThat(row.outcome().code())
          .as(at + ": recorded outcome")
          .isEqualTo(step.status() < 400 ? "ok" : "upstream_error");
      ReportedFigures told = ReportedFigures.of(reply.body(), reply.sse());
      if (told.any()) {
        soft.assertThat(row.promptTokens()).as(at + ": prompt tokens").isEqualTo(told.prompt());
        if (told.cached() != null) {
          soft.assertThat(row.cachedTokens()).as(at + ": cached tokens").isEqualTo(told.cached());
        }
        soft.assertThat(row.completionTokens())
            .as(at + ": generated tokens")
            .isEqualTo(told.completion());
        if (told.promptTps() != null) {
          soft.assertThat(row.promptTps()).as(at + ": prompt tok/s").isEqualTo(told.promptTps());
          soft.assertThat(row.genTps()).as(at + ": generation tok/s").isEqualTo(told.genTps());
        }
      }
    }
  }

  static long delta(Map<String, Double> before, Map<String, Double> after, String counter) {
    assertThat(after).as("llama-server /metrics").containsKey(counter);
    return Math.round(after.get(counter) - before.getOrDefault(counter, 0.0));
  }

  static long nz(Long v) {
    return v == null ? 0 : v;
  }

  static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
