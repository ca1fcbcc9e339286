package dev.tokentap.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Endpoint;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answer reassembled from real llama-server bodies equals what the client received, computed
 * here independently with a plain walk of the fixture's JSON.
 */
class AnswerReassemblerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void chatStreamIsTheConcatenatedDeltas() throws Exception {
    for (String name : List.of("chat_stream", "chat_stream_include_usage")) {
      Fixture f = Fixture.load(name);
      StringBuilder expected = new StringBuilder();
      for (JsonNode e : dataEvents(f)) {
        for (JsonNode c : e.path("choices")) {
          if (c.path("delta").path("content").isTextual()) {
            expected.append(c.path("delta").path("content").asText());
          }
        }
      }
      Answer a = reassemble(Endpoint.CHAT_COMPLETIONS, f.responseBody());
      assertThat(expected).as(name).isNotEmpty();
      assertThat(a.content()).as(name).isEqualTo(expected.toString());
      assertThat(a.reasoning()).isEmpty();
      assertThat(a.toolCalls()).isEmpty();
      assertThat(a.finishReason()).isEqualTo("length");
    }
  }

  @Test
  void chatNonStreamIsTheMessage() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    JsonNode body = JSON.readTree(f.responseBody());
    Answer a = reassemble(Endpoint.CHAT_COMPLETIONS, f.responseBody());
    assertThat(a.content())
        .isEqualTo(body.path("choices").path(0).path("message").path("content").asText())
        .isNotEmpty();
    assertThat(a.finishReason()).isEqualTo("length");
  }

  @Test
  void messagesStreamAndNonStream() throws Exception {
    Fixture s = Fixture.load("anthropic_messages_stream");
    StringBuilder expected = new StringBuilder();
    for (JsonNode e : dataEvents(s)) {
      if (e.path("delta").path("type").asText().equals("text_delta")) {
        expected.append(e.path("delta").path("text").asText());
      }
    }
    Answer a = reassemble(Endpoint.MESSAGES, s.responseBody());
    assertThat(a.content()).isEqualTo(expected.toString()).isNotEmpty();
    assertThat(a.finishReason()).isEqualTo("max_tokens");

    Fixture n = Fixture.load("anthropic_messages_nonstream");
    JsonNode body = JSON.readTree(n.responseBody());
    Answer b = reassemble(Endpoint.MESSAGES, n.responseBody());
    assertThat(b.content()).isEqualTo(body.path("content").path(0).path("text").asText());
    assertThat(b.finishReason()).isEqualTo("max_tokens");
  }

  @Test
  void responsesStreamIsTheDeltasAndMatchesTheCompletedOutput() throws Exception {
    Fixture s = Fixture.load("responses_stream");
    StringBuilder deltas = new StringBuilder();
    String completed = null;
    for (JsonNode e : dataEvents(s)) {
      switch (e.path("type").asText()) {
        case "response.output_text.delta" -> deltas.append(e.path("delta").asText());
        case "response.completed" ->
            completed =
                e.path("response")
                    .path("output")
                    .path(0)
                    .path("content")
                    .path(0)
                    .path("text")
                    .asText();
        default -> {}
      }
    }
    Answer a = reassemble(Endpoint.RESPONSES, s.responseBody());
    assertThat(a.content()).isEqualTo(deltas.toString()).isEqualTo(completed).isNotEmpty();
    assertThat(a.finishReason()).isEqualTo("completed");

    Fixture n = Fixture.load("responses_nonstream");
    JsonNode body = JSON.readTree(n.responseBody());
    Answer b = reassemble(Endpoint.RESPONSES, n.responseBody());
    assertThat(b.content())
        .isEqualTo(body.path("output").path(0).path("content").path(0).path("text").asText())
        .isNotEmpty();
  }

  @Test
  void responsesStreamWithoutDeltasFallsBackToTheCompletedOutput() throws Exception {
    String sse =
        """
        event: response.created
        data: {"type":"response.created","response":{"id":"r","status":"in_progress"}}

        event: response.completed
        data: {"type":"response.completed","response":{"id":"r","status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"whole"}]}]}}

        """;
    Answer a = reassemble(Endpoint.RESPONSES, bytes(sse));
    assertThat(a.content()).isEqualTo("whole");
  }

  @Test
  void chatToolCallStreamAssemblesArgumentsByIndex() throws Exception {
    // llama-server's shape: id, type and name in the first chunk of a call, arguments in pieces
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":null}", null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}", null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Par\"}}]}",
                null)
            + chunk(
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}",
                null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}]}", null)
            + chunk("{}", "\"tool_calls\"")
            + "data: [DONE]\n\n";
    Answer a = reassemble(Endpoint.CHAT_COMPLETIONS, bytes(sse));
    assertThat(a.content()).isEmpty();
    assertThat(a.finishReason()).isEqualTo("tool_calls");
    assertThat(a.toolCalls()).hasSize(2);
    assertThat(a.toolCalls().get(0).toString())
        .isEqualTo(
            "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}");
    assertThat(a.toolCalls().get(1).path("function").path("name").asText()).isEqualTo("get_time");
    assertThat(JSON.readTree(a.toolCalls().get(0).path("function").path("arguments").asText()))
        .isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
    JsonNode message = a.message(JSON.getNodeFactory());
    assertThat(message.has("reasoning")).isFalse();
    assertThat(message.path("tool_calls")).hasSize(2);
  }

  @Test
  void chatReasoningStreamGoesToReasoning() throws Exception {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":null}", null)
            + chunk("{\"reasoning_content\":\"Mars is \"}", null)
            + chunk("{\"reasoning_content\":\"red.\"}", null)
            + chunk("{\"content\":\"It is \"}", null)
            + chunk("{\"content\":\"red — ☄\"}", null)
            + chunk("{}", "\"stop\"")
            + "data: [DONE]\n\n";
    Answer a = reassemble(Endpoint.CHAT_COMPLETIONS, bytes(sse));
    assertThat(a.content()).isEqualTo("It is red — ☄");
    assertThat(a.reasoning()).isEqualTo("Mars is red.");
    assertThat(a.message(JSON.getNodeFactory()).path("reasoning").asText())
        .isEqualTo("Mars is red.");
  }

  @Test
  void messagesStreamWithThinkingAndToolUse() throws Exception {
    String sse =
        event("message_start", "{\"type\":\"message_start\",\"message\":{\"content\":[]}}")
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}")
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me look.\"}}")
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"search\",\"input\":{}}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":\"}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"mars\\\"}\"}}")
            + event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");
    Answer a = reassemble(Endpoint.MESSAGES, bytes(sse));
    assertThat(a.content()).isEqualTo("Let me look.");
    assertThat(a.reasoning()).isEqualTo("hmm");
    assertThat(a.finishReason()).isEqualTo("tool_use");
    assertThat(a.toolCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path("id").asText()).isEqualTo("toolu_1");
              assertThat(c.path("function").path("name").asText()).isEqualTo("search");
              assertThat(c.path("function").path("arguments").asText())
                  .isEqualTo("{\"q\":\"mars\"}");
            });
  }

  @Test
  void ollamaChatStreamAndNonStream() throws Exception {
    String ndjson =
        """
        {"model":"tiny","created_at":"2026-11-22T10:00:00Z","message":{"role":"assistant","content":"","thinking":"so"},"done":false}
        {"model":"tiny","created_at":"2026-11-22T10:00:00Z","message":{"role":"assistant","content":"Hel"},"done":false}
        {"model":"tiny","created_at":"2026-11-22T10:00:00Z","message":{"role":"assistant","content":"lo ü"},"done":false}
        {"model":"tiny","created_at":"2026-11-22T10:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":3}
        """;
    Answer a = reassemble(Endpoint.OLLAMA_CHAT, bytes(ndjson));
    assertThat(a.content()).isEqualTo("Hello ü");
    assertThat(a.reasoning()).isEqualTo("so");
    assertThat(a.finishReason()).isEqualTo("stop");

    String whole =
        "{\"model\":\"tiny\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
            + "[{\"function\":{\"name\":\"f\",\"arguments\":{\"x\":1}}}]},\"done\":true,"
            + "\"done_reason\":\"stop\"}";
    Answer b = reassemble(Endpoint.OLLAMA_CHAT, bytes(whole));
    assertThat(b.toolCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.path("id").asText()).isEqualTo("call_0");
              assertThat(c.path("function").path("arguments").asText()).isEqualTo("{\"x\":1}");
            });
  }

  @Test
  void garbageAndErrorsAreRefused() {
    assertThatThrownBy(() -> reassemble(Endpoint.CHAT_COMPLETIONS, bytes("{\"choices\":")))
        .isInstanceOf(Unreadable.class)
        .extracting(e -> ((Unreadable) e).reason())
        .isEqualTo(Unreadable.Reason.UNPARSEABLE);
    assertThatThrownBy(() -> reassemble(Endpoint.CHAT_COMPLETIONS, bytes("data: {nope\n\n")))
        .extracting(e -> ((Unreadable) e).reason())
        .isEqualTo(Unreadable.Reason.UNPARSEABLE);
    assertThatThrownBy(() -> reassemble(Endpoint.MESSAGES, bytes("")))
        .extracting(e -> ((Unreadable) e).reason())
        .isEqualTo(Unreadable.Reason.UNPARSEABLE);
    assertThatThrownBy(
            () ->
                reassemble(
                    Endpoint.CHAT_COMPLETIONS,
                    bytes("data: {\"error\":{\"code\":500,\"message\":\"boom\"}}\n\n")))
        .extracting(e -> ((Unreadable) e).reason())
        .isEqualTo(Unreadable.Reason.FAILED);
  }

  @Test
  void promptMessagesPerApi() throws Exception {
    Fixture chat = Fixture.load("chat_stream");
    JsonNode req = JSON.readTree(chat.requestBody());
    assertThat(EndpointFamily.of(Endpoint.CHAT_COMPLETIONS).messages(req))
        .isEqualTo(req.path("messages"));

    Fixture messages = Fixture.load("anthropic_messages_stream");
    ArrayNode m =
        EndpointFamily.of(Endpoint.MESSAGES).messages(JSON.readTree(messages.requestBody()));
    assertThat(m.toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Write a short poem about a lighthouse keeper and"
                + " the sea.\"}]");

    Fixture responses = Fixture.load("responses_stream");
    ArrayNode r =
        EndpointFamily.of(Endpoint.RESPONSES).messages(JSON.readTree(responses.requestBody()));
    assertThat(r.toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"List three facts about the planet Mars.\"}]");

    JsonNode items =
        JSON.readTree(
            """
            {"input":[
              {"role":"developer","content":"Be brief."},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather?"}]},
              {"type":"function_call","call_id":"c1","name":"wx","arguments":"{}"},
              {"type":"function_call_output","call_id":"c1","output":"sunny"}]}
            """);
    assertThat(EndpointFamily.of(Endpoint.RESPONSES).messages(items).toString())
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"wx\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"c1\"}]");
  }

  private static Answer reassemble(Endpoint endpoint, byte[] body) throws Unreadable {
    return EndpointFamily.of(endpoint).reassemble(body, StreamFrames.SPLITTER);
  }

  /** The JSON of each {@code data:} line of an SSE fixture, but {@code [DONE]}. */
  private static List<JsonNode> dataEvents(Fixture f) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(f.responseBody(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        out.add(JSON.readTree(line.substring(6)));
      }
    }
    return out;
  }

  private static String chunk(String delta, String finishReason) {
    return "data: {\"choices\":[{\"finish_reason\":"
        + finishReason
        + ",\"index\":0,\"delta\":"
        + delta
        + "}],\"created\":1795343885,\"id\":\"chatcmpl-x\",\"model\":\"tiny\","
        + "\"object\":\"chat.completion.chunk\"}\n\n";
  }

  private static String event(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
