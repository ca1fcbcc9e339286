package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Header;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.Screenshots;
import dev.tokentap.ui.activity.ActivityItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Conversations in the real app, headless, in front of a fake upstream answering as llama-server
 * does (usage with cached tokens and timings): four agent turns whose system prompt changes at turn
 * three. The stored rows are one conversation with turn three alone {@code prompt_changed}; the
 * table marks it, the dashboard's tile counts it, and the inspector's Conversation tab lists the
 * turns and shows the system prompt before and after, side by side.
 */
class ConversationEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM =
      "You are the TokenTap agent. Current time: 12:04. " + "Use the tools with care. ".repeat(60);

  private final FxRobot robot = new FxRobot();
  private RunningWindow running;
  @TempDir Path dataDir;

  @BeforeEach
  void start() throws Exception {
    running = RunningWindow.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  @Test
  void aChangedSystemPromptIsMarkedCountedAndShownSideBySide() throws Exception {
    ArrayNode messages = JSON.createArrayNode();
    messages.addObject().put("role", "system").put("content", SYSTEM);
    long[][] usage = {{420, 0}, {436, 420}, {452, 3}, {468, 452}}; // prompt, cached
    for (int turn = 1; turn <= 4; turn++) {
      if (turn == 3) {
        ((ObjectNode) messages.get(0)).put("content", SYSTEM.replace("12:04", "12:07"));
      }
      messages.addObject().put("role", "user").put("content", "Step " + turn + ", please.");
      String answer = "Done with step " + turn + ".";
      running.send(reply(answer, usage[turn - 1][0], usage[turn - 1][1]), request(messages));
      // as an agent reads the answer before its next turn: the forwarder hands an exchange to the
      // recorder just after its last byte, and a turn recorded before the one it extends starts a
      // conversation of its own (docs/conversations.md)
      awaitRows(turn);
      messages.addObject().put("role", "assistant").put("content", answer);
    }
    List<StoredExchange> rows = awaitRows(4);
    assertThat(rows).extracting(StoredExchange::conversationId).containsOnly("c1");
    assertThat(rows).extracting(StoredExchange::turn).containsExactly(1, 2, 3, 4);
    assertThat(rows)
        .extracting(StoredExchange::cacheMiss)
        .containsExactly("", "", "prompt_changed", "");
    assertThat(rows.get(2).cacheNote()).startsWith("Message 0 (system) changed at character 46");

    // the table: turn three is marked, the note its tooltip
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> cellTexts("#activity-table").contains("3 · cache miss")));
    // the dashboard's tile
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> ((Label) lookup("#tile-cache-misses")).getText().startsWith("1 · ")));
    Path table = fx(() -> Screenshots.save(running.app().stage().getScene(), "conversation-table"));
    assertThat(Files.size(table)).isGreaterThan(10_000);

    // the inspector on turn three (newest first: row 1)
    robot.interact(
        () -> {
          TableView<ActivityItem> t = table();
          t.requestFocus();
          t.getSelectionModel().clearAndSelect(1);
        });
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> lookup("#conversation-summary") != null && !summary().isEmpty()));
    robot.interact(
        () -> {
          TabPane tabs = (TabPane) lookup("#inspector-tabs");
          tabs.getSelectionModel().select(tabs.getTabs().size() - 1);
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(this::summary))
        .startsWith("Conversation c1: 4 turns; this is turn 3.")
        .contains("The cache missed on 1 turn");
    assertThat(fx(() -> ((TableView<?>) lookup("#conversation-table")).getItems().size()))
        .isEqualTo(4);
    assertThat(fx(() -> cellTexts("#conversation-table"))).contains("prompt_changed", "452 (+16)");
    String before = fx(() -> ((TextArea) lookup("#conversation-before")).getText());
    String after = fx(() -> ((TextArea) lookup("#conversation-after")).getText());
    assertThat(before).isEqualTo(SYSTEM);
    assertThat(after).isEqualTo(SYSTEM.replace("12:04", "12:07"));
    assertThat(fx(() -> ((Label) lookup("#conversation-change")).getText()))
        .startsWith("Message 0 (system) changed at character 46");
    Path shot = fx(() -> Screenshots.save(running.app().stage().getScene(), "conversation"));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  private String summary() {
    return ((Label) lookup("#conversation-summary")).getText();
  }

  private List<StoredExchange> awaitRows(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<StoredExchange> rows = List.of();
    while (System.nanoTime() < deadline) {
      rows =
          running.app().tokenTap().store().recent(100).stream()
              .sorted(Comparator.comparingLong(StoredExchange::id))
              .toList();
      if (rows.size() >= n) {
        break;
      }
      Thread.sleep(20);
    }
    return rows;
  }

  /** A chat request of {@code messages}, as a client sends it. */
  private static byte[] request(ArrayNode messages) {
    ObjectNode body = JSON.createObjectNode().put("model", "tiny").put("max_tokens", 16);
    body.set("messages", messages);
    byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n";
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    wire.writeBytes(b);
    return wire.toByteArray();
  }

  /** llama-server's non-streamed answer with these figures (1,000 prompt tok/s). */
  private static Fixture reply(String answer, long prompt, long cached) {
    Fixture base = Fixture.load("chat_nonstream");
    ObjectNode r = JSON.createObjectNode();
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("finish_reason", "stop").put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", answer);
    r.put("model", "tiny").put("object", "chat.completion");
    ObjectNode u = r.putObject("usage");
    u.put("completion_tokens", 6).put("prompt_tokens", prompt).put("total_tokens", prompt + 6);
    u.putObject("prompt_tokens_details").put("cached_tokens", cached);
    r.putObject("timings")
        .put("cache_n", cached)
        .put("prompt_n", prompt - cached)
        .put("prompt_ms", (prompt - cached) * 1.0)
        .put("prompt_per_second", 1000.0)
        .put("predicted_n", 6)
        .put("predicted_ms", 60.0)
        .put("predicted_per_second", 100.0);
    byte[] body = r.toString().getBytes(StandardCharsets.UTF_8);
    List<Header> headers =
        List.of(
            new Header("Content-Type", "application/json; charset=utf-8"),
            new Header("Content-Length", Integer.toString(body.length)));
    return new Fixture(
        base.name() + "_turn",
        base.method(),
        base.path(),
        base.requestHeaders(),
        base.requestBody(),
        200,
        "OK",
        headers,
        body,
        List.of(new Fixture.Chunk(body, 10)),
        List.of(),
        10,
        10);
  }

  private Node lookup(String id) {
    return running.app().stage().getScene().lookup(id);
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) lookup("#activity-table");
  }

  /** Every cell's text of the table {@code id} shows. */
  private List<String> cellTexts(String id) {
    List<String> out = new ArrayList<>();
    for (Node n : ((TableView<?>) lookup(id)).lookupAll(".table-cell")) {
      if (n instanceof javafx.scene.control.Labeled l && l.getText() != null) {
        out.add(l.getText());
      }
    }
    return out;
  }
}
