package dev.tokentap.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Endpoint;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Chat transcripts from real llama-server requests and from the tool shapes of each API. */
class ChatTranscriptTest {

  private static ChatTranscript of(String fixture) {
    Fixture f = Fixture.load(fixture);
    return ChatTranscript.of(EndpointFamily.ofPath(f.path()), f.requestBody());
  }

  private static ChatTranscript of(Endpoint e, String body) {
    return ChatTranscript.of(EndpointFamily.of(e), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSystemPromptComesFirstInEveryApi() {
    for (String f : new String[] {"chat_nonstream", "anthropic_messages_nonstream"}) {
      ChatTranscript t = of(f);
      assertThat(t.messages())
          .extracting(ChatTranscript.Message::role)
          .containsExactly("system", "user");
      assertThat(t.messages().getFirst().text()).isEqualTo("You are a helpful assistant.");
    }
    assertThat(of("responses_nonstream").messages().get(1).text())
        .isEqualTo("List three facts about the planet Mars.");
  }

  @Test
  void notChatLikeGivesNothing() {
    assertThat(of("embeddings_v1_single").isEmpty()).isTrue();
    assertThat(of("completion_native_nonstream").isEmpty()).isTrue();
    assertThat(of(Endpoint.CHAT_COMPLETIONS, "not json").isEmpty()).isTrue();
  }

  @Test
  void chatCompletionsToolsCallsResultsAndReasoning() {
    ChatTranscript t =
        of(
            Endpoint.CHAT_COMPLETIONS,
            """
            {"tools":[{"type":"function","function":{"name":"read_file"}}],
             "messages":[{"role":"user","content":"open a"},
              {"role":"assistant","content":null,"reasoning_content":"I should read it",
               "tool_calls":[{"id":"c1","type":"function",
                 "function":{"name":"read_file","arguments":"{\\"path\\":\\"a\\"}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"hello"}]}""");
    assertThat(t.tools()).containsExactly("read_file");
    ChatTranscript.Message call = t.messages().get(1);
    assertThat(call.reasoning()).isEqualTo("I should read it");
    assertThat(call.toolCalls())
        .containsExactly(new ChatTranscript.ToolCall("c1", "read_file", "{\"path\":\"a\"}"));
    assertThat(t.messages().get(2))
        .isEqualTo(new ChatTranscript.Message("tool", "hello", "", java.util.List.of(), "c1"));
  }

  @Test
  void anthropicBlocksThinkingToolUseAndResult() {
    ChatTranscript t =
        of(
            Endpoint.MESSAGES,
            """
            {"system":"be brief","tools":[{"name":"grep","input_schema":{}}],
             "messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"hmm"},
               {"type":"text","text":"searching"},
               {"type":"tool_use","id":"t1","name":"grep","input":{"q":"x"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"3 hits"},
               {"type":"image","source":{}}]}]}""");
    assertThat(t.tools()).containsExactly("grep");
    assertThat(t.messages().getFirst().text()).isEqualTo("be brief");
    ChatTranscript.Message a = t.messages().get(1);
    assertThat(a.reasoning()).isEqualTo("hmm");
    assertThat(a.text()).isEqualTo("searching");
    assertThat(a.toolCalls())
        .containsExactly(new ChatTranscript.ToolCall("t1", "grep", "{\"q\":\"x\"}"));
    ChatTranscript.Message r = t.messages().get(2);
    assertThat(r.answersCall()).isEqualTo("t1");
    assertThat(r.text()).isEqualTo("3 hits\n[image]");
  }

  @Test
  void responsesItemsFunctionCallsAndOutputs() {
    ChatTranscript t =
        of(
            Endpoint.RESPONSES,
            """
            {"instructions":"sys","input":[
              {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},
              {"type":"function_call","call_id":"f1","name":"ls","arguments":"{}"},
              {"type":"function_call_output","call_id":"f1","output":"a b"}]}""");
    assertThat(t.messages())
        .extracting(ChatTranscript.Message::role)
        .containsExactly("system", "user", "assistant", "tool");
    assertThat(t.messages().get(2).toolCalls())
        .containsExactly(new ChatTranscript.ToolCall("f1", "ls", "{}"));
    assertThat(t.messages().get(3).answersCall()).isEqualTo("f1");
    assertThat(t.messages().get(3).text()).isEqualTo("a b");
  }
}
