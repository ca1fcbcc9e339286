package dev.tokentap.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Endpoint;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EndpointFamily#read}: the completion APIs' text, from real llama-server bodies. */
class CompletionAnswerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void nativeCompletionStreamIsTheConcatenatedContent() throws Exception {
    Fixture f = Fixture.load("completion_native_stream");
    String expected = concatenated(f, "content");
    EndpointFamily.Reading r = read(Endpoint.NATIVE_COMPLETION, f.responseBody());
    assertThat(r.problem()).isNull();
    assertThat(expected).isNotEmpty();
    assertThat(r.answer().content()).isEqualTo(expected);
  }

  @Test
  void v1CompletionsStreamAndWholeBody() throws Exception {
    Fixture s = Fixture.load("v1_completions_stream");
    StringBuilder expected = new StringBuilder();
    for (JsonNode e : data(s)) {
      expected.append(e.path("choices").path(0).path("text").asText(""));
    }
    assertThat(read(Endpoint.COMPLETIONS, s.responseBody()).answer().content())
        .isEqualTo(expected.toString());

    Fixture n = Fixture.load("v1_completions_nonstream");
    String whole = JSON.readTree(n.responseBody()).path("choices").path(0).path("text").asText();
    assertThat(read(Endpoint.COMPLETIONS, n.responseBody()).answer().content()).isEqualTo(whole);
  }

  @Test
  void ollamaGenerateNdjsonAndChatStillRead() {
    byte[] ndjson =
        ("{\"model\":\"m\",\"response\":\"Hel\",\"done\":false}\n"
                + "{\"model\":\"m\",\"response\":\"lo\",\"done\":false}\n"
                + "{\"model\":\"m\",\"response\":\"\",\"done\":true,\"done_reason\":\"stop\"}\n")
            .getBytes(StandardCharsets.UTF_8);
    EndpointFamily.Reading r = read(Endpoint.OLLAMA_GENERATE, ndjson);
    assertThat(r.answer().content()).isEqualTo("Hello");
    assertThat(r.answer().finishReason()).isEqualTo("stop");

    Fixture chat = Fixture.load("chat_nonstream");
    assertThat(read(Endpoint.CHAT_COMPLETIONS, chat.responseBody()).answer()).isNotNull();
  }

  @Test
  void saysWhyWhenThereIsNoAnswer() {
    EndpointFamily.Reading r =
        read(Endpoint.EMBEDDINGS, Fixture.load("embeddings_v1_single").responseBody());
    assertThat(r.answer()).isNull();
    assertThat(r.problem()).contains("embeddings");
    assertThat(
            read(Endpoint.CHAT_COMPLETIONS, "not json".getBytes(StandardCharsets.UTF_8)).problem())
        .isNotBlank();
  }

  private static EndpointFamily.Reading read(Endpoint endpoint, byte[] body) {
    return EndpointFamily.of(endpoint).read(body, StreamFrames.SPLITTER);
  }

  private static String concatenated(Fixture f, String field) throws Exception {
    StringBuilder b = new StringBuilder();
    for (JsonNode e : data(f)) {
      b.append(e.path(field).asText(""));
    }
    return b.toString();
  }

  private static List<JsonNode> data(Fixture f) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(f.responseBody(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        out.add(JSON.readTree(line.substring(6)));
      }
    }
    return out;
  }
}
