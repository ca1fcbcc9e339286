package dev.tokentap.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Turn;
import dev.tokentap.model.TurnInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The tracker over chat bodies shaped like llama-server's: which exchanges are turns of one
 * conversation, and the verdicts with the reasons the tracker can see.
 */
class ConversationTrackerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UP = "http://127.0.0.1:8080";
  private static final String SYSTEM = "You are helpful. Today is 12:04. " + "Rules. ".repeat(200);

  private final AtomicReference<ServerFacts> facts = new AtomicReference<>(ServerFacts.UNKNOWN);
  private final ConversationTracker tracker =
      new ConversationTracker(StreamFrames.SPLITTER, facts::get);
  private long ids;

  /** A chat of {@code messages} (role, content, role, content...). */
  private static ArrayNode messages(String... roleAndContent) {
    ArrayNode a = JSON.createArrayNode();
    for (int i = 0; i < roleAndContent.length; i += 2) {
      a.addObject().put("role", roleAndContent[i]).put("content", roleAndContent[i + 1]);
    }
    return a;
  }

  private TurnInput chat(ArrayNode messages, String answer, long prompt, Long cached, Header... h) {
    return chat("tiny", UP, messages, answer, prompt, cached, h);
  }

  private TurnInput chat(
      String model,
      String upstream,
      ArrayNode messages,
      String answer,
      long prompt,
      Long cached,
      Header... headers) {
    ObjectNode request = JSON.createObjectNode().put("model", model);
    request.set("messages", messages);
    ObjectNode response = JSON.createObjectNode().put("model", model);
    response
        .putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", "stop")
        .putObject("message")
        .put("role", "assistant")
        .put("content", answer);
    long id = ++ids;
    return new TurnInput(
        id,
        1_000_000L + id * 1000,
        Endpoint.CHAT_COMPLETIONS,
        upstream,
        200,
        List.of(headers),
        request.toString().getBytes(StandardCharsets.UTF_8),
        response.toString().getBytes(StandardCharsets.UTF_8),
        new ExchangeMetrics(
            model, "stop", prompt, cached, 8L, 1000.0, 50.0, null, null, null, true));
  }

  @Test
  void anAgentLoopIsOneConversationAndAnEditedSystemPromptStaysInIt() {
    Turn t1 = tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    Turn t2 =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                400L));
    String edited = SYSTEM.replace("12:04", "12:05");
    Turn t3 =
        tracker.link(
            chat(
                messages(
                    "system",
                    edited,
                    "user",
                    "one",
                    "assistant",
                    "A1",
                    "user",
                    "two",
                    "assistant",
                    "A2",
                    "user",
                    "three"),
                "A3",
                420,
                5L));
    assertThat(List.of(t1.conversationId(), t2.conversationId(), t3.conversationId()))
        .containsOnly("c1");
    assertThat(List.of(t1.turn(), t2.turn(), t3.turn())).containsExactly(1, 2, 3);
    assertThat(t1.cacheMiss()).isEmpty();
    assertThat(t2.cacheMiss()).isEmpty();
    assertThat(t2.lostTokens()).isBetween(0L, 10L);
    assertThat(t3.cacheMiss()).isEqualTo(Turn.PROMPT_CHANGED);
    assertThat(t3.cacheNote()).startsWith("Message 0 (system) changed at character 30: ");
    assertThat(t3.lostTokens()).isGreaterThan(400L);
  }

  @Test
  void aNewQuestionOverTheSameSystemPromptIsANewConversation() {
    Turn a = tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    Turn b = tracker.link(chat(messages("system", SYSTEM, "user", "other"), "B1", 400, 390L));
    Turn c =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "other", "assistant", "B1", "user", "more"),
                "B2",
                410,
                400L));
    assertThat(a.conversationId()).isEqualTo("c1");
    assertThat(b.conversationId()).isEqualTo("c2");
    assertThat(c.conversationId()).isEqualTo("c2");
    assertThat(c.turn()).isEqualTo(2);
  }

  @Test
  void anotherModelOrUpstreamIsNeverTheSameConversation() {
    tracker.link(chat(messages("user", "one"), "A1", 10, 0L));
    ArrayNode next = messages("user", "one", "assistant", "A1", "user", "two");
    assertThat(tracker.link(chat("big", UP, next, "x", 20, 0L)).turn()).isEqualTo(1);
    assertThat(tracker.link(chat("tiny", "http://other:1", next, "x", 20, 0L)).turn()).isEqualTo(1);
    assertThat(tracker.link(chat(next, "x", 20, 10L)).turn()).isEqualTo(2);
  }

  @Test
  void aSessionHeaderJoinsItsConversationWhateverThePrompt() {
    Header session = new Header("session_id", "0199-abc");
    Turn a = tracker.link(chat(messages("user", "one"), "A1", 10, 0L, session));
    Turn b = tracker.link(chat(messages("user", "unrelated"), "B1", 10, 0L, session));
    Turn other = tracker.link(chat(messages("user", "unrelated 2"), "C1", 10, 0L));
    assertThat(b.conversationId()).isEqualTo(a.conversationId());
    assertThat(b.turn()).isEqualTo(2);
    assertThat(b.cacheMiss()).as("no history sent again: no verdict").isEmpty();
    assertThat(other.conversationId()).isNotEqualTo(a.conversationId());
  }

  @Test
  void linkingTheSameExchangeAgainAnswersTheSame() {
    TurnInput first = chat(messages("user", "one"), "A1", 10, 0L);
    TurnInput second = chat(messages("user", "one", "assistant", "A1", "user", "two"), "", 20, 0L);
    Turn a = tracker.link(first);
    Turn b = tracker.link(second);
    assertThat(tracker.link(first)).isEqualTo(a);
    assertThat(tracker.link(second)).isEqualTo(b);
    assertThat(b.turn()).isEqualTo(2);
  }

  @Test
  void failedRequestsAndOtherEndpointsAreInNoConversation() {
    TurnInput ok = chat(messages("user", "one"), "A1", 10, 0L);
    TurnInput failed =
        new TurnInput(
            99,
            0,
            Endpoint.CHAT_COMPLETIONS,
            UP,
            500,
            List.of(),
            ok.requestBody(),
            null,
            ExchangeMetrics.EMPTY);
    TurnInput embeddings =
        new TurnInput(
            100,
            0,
            Endpoint.EMBEDDINGS,
            UP,
            200,
            List.of(),
            "{\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            null,
            ExchangeMetrics.EMPTY);
    assertThat(tracker.link(failed)).isEqualTo(Turn.NONE);
    assertThat(tracker.link(embeddings)).isEqualTo(Turn.NONE);
  }

  @Test
  void notReusedSaysAnotherRequestTookTheSlot() {
    tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    tracker.link(chat(messages("system", "other " + SYSTEM, "user", "x"), "X", 400, 0L));
    Turn t =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                0L));
    assertThat(t.cacheMiss()).isEqualTo(Turn.NOT_REUSED);
    assertThat(t.cacheNote())
        .contains(
            "1 other request reached this server between the two turns (the first: exchange 2)");
  }

  @Test
  void notReusedSaysMoreConversationsThanSlotsWhenThePanelKnowsTheSlots() {
    facts.set(new ServerFacts(1, 0));
    tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    tracker.link(chat(messages("system", "other " + SYSTEM, "user", "x"), "X", 400, 0L));
    Turn t =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                0L));
    assertThat(t.cacheNote()).contains("more live conversations than its 1 slot");
  }

  @Test
  void notReusedSaysARestartWhenThePanelSawOne() {
    tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    facts.set(new ServerFacts(4, 1_000_000L + 1500));
    Turn t =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                0L));
    assertThat(t.cacheNote()).contains("the server restarted or was down between the two turns");
  }

  @Test
  void notReusedWithNothingSeenSaysSoPlainly() {
    tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, 0L));
    Turn t =
        tracker.link(
            chat(
                messages("system", SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                0L));
    assertThat(t.cacheNote()).contains("nothing TokenTap saw explains it");
  }

  @Test
  void withoutCachedCountsThereIsNoVerdict() {
    tracker.link(chat(messages("system", SYSTEM, "user", "one"), "A1", 400, null));
    Turn t =
        tracker.link(
            chat(
                messages("system", "x" + SYSTEM, "user", "one", "assistant", "A1", "user", "two"),
                "A2",
                410,
                null));
    assertThat(t.turn()).isEqualTo(2);
    assertThat(t.cacheMiss()).isEmpty();
    assertThat(t.lostTokens()).isNull();
  }

  @Test
  void memoryIsBoundedByConversationsAndCharacters() {
    for (int i = 0; i < ConversationTracker.MAX_CONVERSATIONS + 20; i++) {
      tracker.link(chat(messages("user", "question " + i), "A", 10, 0L));
    }
    assertThat(tracker.held()).isEqualTo(ConversationTracker.MAX_CONVERSATIONS);
    String huge = "x".repeat((int) (ConversationTracker.MAX_CHARS / 3));
    for (int i = 0; i < 5; i++) {
      tracker.link(chat(messages("user", huge + i), "A", 10, 0L));
    }
    assertThat(tracker.held()).isLessThan(ConversationTracker.MAX_CONVERSATIONS);
  }
}
