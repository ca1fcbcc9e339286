package dev.tokentap.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Endpoint;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prompt parts from real llama-server requests and answers (the recorded fixtures). */
class PromptPartsTest {

  private static List<PromptPart> parts(String fixture) {
    Fixture f = Fixture.load(fixture);
    return PromptParts.of(EndpointFamily.ofPath(f.path()), f.requestBody());
  }

  @Test
  void chatMessagesInOrder() {
    assertThat(parts("chat_nonstream"))
        .containsExactly(
            new PromptPart("system", "You are a helpful assistant."),
            new PromptPart("user", "Write a short poem about a lighthouse keeper and the sea."));
  }

  @Test
  void anthropicSystemIsMessageZero() {
    assertThat(parts("anthropic_messages_nonstream"))
        .containsExactly(
            new PromptPart("system", "You are a helpful assistant."),
            new PromptPart("user", "Write a short poem about a lighthouse keeper and the sea."));
  }

  @Test
  void responsesInstructionsAreMessageZero() {
    assertThat(parts("responses_nonstream"))
        .containsExactly(
            new PromptPart("system", "You are a helpful assistant."),
            new PromptPart("user", "List three facts about the planet Mars."));
  }

  @Test
  void theToolListComesFirstAndToolCallsAreInTheirMessage() {
    String body =
        """
        {"model":"m","tools":[{"type":"function","function":{"name":"read"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
          {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
            "function":{"name":"read","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"c1","content":"42"}]}""";
    List<PromptPart> p =
        PromptParts.of(
            EndpointFamily.of(Endpoint.CHAT_COMPLETIONS), body.getBytes(StandardCharsets.UTF_8));
    assertThat(p)
        .extracting(PromptPart::role)
        .containsExactly("tools", "user", "assistant", "tool");
    assertThat(p.get(0).text()).contains("\"name\":\"read\"");
    assertThat(p.get(1).text()).isEqualTo("ab");
    assertThat(p.get(2).text()).contains("\"id\":\"c1\"");
    assertThat(p.get(3).text()).startsWith("42").contains("tool_call_id=\"c1\"");
  }

  @Test
  void theAnswerIsTheAssistantMessageSentBack() {
    Fixture f = Fixture.load("chat_nonstream");
    Answer a =
        EndpointFamily.ofPath(f.path()).read(f.responseBody(), StreamFrames.SPLITTER).answer();
    PromptPart answer = PromptParts.answer(a);
    assertThat(answer.role()).isEqualTo("assistant");
    assertThat(answer.text()).isEqualTo(a.content()).isNotEmpty();
    // as a client sends it back, it is the same part
    String next =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"assistant\",\"content\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(a.content())
            + "}]}";
    assertThat(
            PromptParts.of(
                EndpointFamily.of(Endpoint.CHAT_COMPLETIONS),
                next.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(answer);
  }

  @Test
  void aResponsesAnswerIdIsReadFromTheBodyOrTheStream() {
    for (String name : List.of("responses_nonstream", "responses_stream")) {
      Fixture f = Fixture.load(name);
      assertThat(PromptParts.responseId(f.responseBody(), StreamFrames.SPLITTER))
          .as(name)
          .startsWith("resp_");
    }
  }

  @Test
  void notAChatOrNotJsonHasNoParts() {
    assertThat(parts("embeddings_v1_single")).isEmpty();
    assertThat(parts("completion_native_nonstream")).isEmpty();
    assertThat(
            PromptParts.of(
                EndpointFamily.of(Endpoint.CHAT_COMPLETIONS),
                "{not json".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
