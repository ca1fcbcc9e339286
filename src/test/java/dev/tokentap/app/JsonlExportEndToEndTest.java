package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.MARK;
import static dev.tokentap.app.AppTesting.replay;
import static dev.tokentap.app.AppTesting.run;
import static dev.tokentap.app.AppTesting.sendSecret;
import static dev.tokentap.app.AppTesting.waitForRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.app.AppTesting.Run;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.ReplayUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentap export --format jsonl} against a data dir a real TokenTap recorded from real
 * llama-server replies: one line per successful chat-like exchange, the rest counted as skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonlExportEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Chat-like fixtures, each becomes a line; the path is the endpoint they speak. */
  private static final List<String> CHAT =
      List.of(
          "chat_nonstream",
          "chat_stream",
          "chat_stream_include_usage",
          "anthropic_messages_nonstream",
          "anthropic_messages_stream",
          "responses_nonstream",
          "responses_stream");

  /** Not lines: a failure, embeddings, a GET. */
  private static final List<String> OTHERS =
      List.of("error_context_overflow", "embeddings_v1_single", "get_health");

  private Path dataDir;
  private ReplayUpstream upstream;
  private TokenTap app;
  private int recorded;
  @TempDir Path out;

  @BeforeAll
  void record(@TempDir Path dir) throws Exception {
    dataDir = dir;
    upstream = new ReplayUpstream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
    int port = app.listenAddress().getPort();
    replay(port, upstream, Stream.concat(CHAT.stream(), OTHERS.stream()).toList());
    recorded += CHAT.size() + OTHERS.size();

    sendSecret(port, upstream);
    recorded++;
    waitForRows(dataDir, recorded);
  }

  @AfterAll
  void stop() throws Exception {
    app.stop();
    upstream.close();
  }

  @Test
  void oneLinePerChatExchangeWithItsMessagesAndAnswer() throws Exception {
    Path file = out.resolve("data.jsonl");
    Run run = export("--out", file, "--data-dir", dataDir);
    assertThat(run.code).as(run.err).isZero();
    int lines = CHAT.size() + 1;
    assertThat(run.err)
        .startsWith("tokentap: exported " + lines + " exchanges to " + file)
        .contains("; skipped 3 (2 not chat, 1 failed)");

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n").doesNotContain("\r");
    List<String> rows = List.of(text.split("\n"));
    assertThat(rows).hasSize(lines);
    List<JsonNode> parsed = new ArrayList<>();
    for (String row : rows) {
      parsed.add(JSON.readTree(row));
    }
    for (int i = 0; i < CHAT.size(); i++) {
      Fixture f = Fixture.load(CHAT.get(i));
      JsonNode line = parsed.get(i);
      JsonNode request = JSON.readTree(f.requestBody());
      JsonNode messages = line.path("messages");
      JsonNode answer = messages.get(messages.size() - 1);
      assertThat(answer.path("role").asText()).isEqualTo("assistant");
      assertThat(answer.path("content").asText()).as(f.name()).isEqualTo(expectedAnswer(f));
      assertThat(messages.get(messages.size() - 2).path("role").asText()).isEqualTo("user");
      assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
      if (request.has("messages")) {
        assertThat(messages.get(messages.size() - 2))
            .isEqualTo(request.path("messages").get(request.path("messages").size() - 1));
      } else {
        assertThat(messages.get(1).path("content").asText())
            .isEqualTo(request.path("input").asText());
      }
      assertThat(line.path("model").asText()).isEqualTo("tiny");
      JsonNode m = line.path("metrics");
      assertThat(m.path("id").asLong()).isEqualTo(i + 1);
      assertThat(m.path("streamed").asBoolean()).isEqualTo(f.streamed());
      assertThat(m.path("started_at").asText())
          .matches("20\\d\\d-\\d\\d-\\d\\dT[0-9:]{8}\\.\\d{3}Z");
      assertThat(m.path("completion_tokens").asLong()).as(f.name()).isEqualTo(32);
      assertThat(m.path("duration_ms").isNumber()).isTrue();
      for (String key :
          List.of(
              "prompt_tokens",
              "cached_tokens",
              "prompt_tps",
              "gen_tps",
              "ttft_ms",
              "finish_reason")) {
        assertThat(m.has(key)).as(key).isTrue();
      }
    }
    JsonNode first = parsed.getFirst().path("metrics");
    assertThat(first.path("finish_reason").asText()).isEqualTo("length");
    assertThat(first.path("ttft_ms").isNull()).isTrue();
    assertThat(partials()).isEmpty();
  }

  @Test
  void theSecretIsInNoLine() throws Exception {
    Path file = out.resolve("secret.jsonl");
    assertThat(export("--out", file, "--data-dir", dataDir).code).isZero();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(MARK);
    JsonNode last = JSON.readTree(text.lines().toList().getLast());
    assertThat(last.path("messages").get(0).path("content").asText()).startsWith("my key is ");
  }

  @Test
  void formatFlagAndFilters() throws Exception {
    Path file = out.resolve("data.txt");
    Run run =
        export("--out", file, "--format", "jsonl", "--data-dir", dataDir, "--model", "nobody");
    assertThat(run.code).isZero();
    assertThat(run.err).startsWith("tokentap: exported 0 exchanges").doesNotContain("skipped");
    assertThat(file).isEmptyFile();
  }

  /** The text the client received, computed from the fixture with a plain tree walk. */
  private static String expectedAnswer(Fixture f) throws Exception {
    if (!f.streamed()) {
      JsonNode body = JSON.readTree(f.responseBody());
      if (body.has("choices")) {
        return body.path("choices").path(0).path("message").path("content").asText();
      }
      if (body.has("output")) {
        return body.path("output").path(0).path("content").path(0).path("text").asText();
      }
      return body.path("content").path(0).path("text").asText();
    }
    StringBuilder b = new StringBuilder();
    for (String line : new String(f.responseBody(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonNode e = JSON.readTree(line.substring(6));
      JsonNode choiceDelta = e.path("choices").path(0).path("delta").path("content");
      if (choiceDelta.isTextual()) {
        b.append(choiceDelta.asText());
      } else if (e.path("type").asText().equals("response.output_text.delta")) {
        b.append(e.path("delta").asText());
      } else if (e.path("delta").path("type").asText().equals("text_delta")) {
        b.append(e.path("delta").path("text").asText());
      }
    }
    return b.toString();
  }

  private static Run export(Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = "export";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(all);
  }

  private List<Path> partials() throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }
}
