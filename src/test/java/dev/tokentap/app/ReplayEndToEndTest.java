package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.ReplayUpstream.Received;
import dev.tokentap.testing.ReplayUpstream.Reply;
import dev.tokentap.testing.Screenshots;
import dev.tokentap.ui.activity.ActivityItem;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Replay from the inspector in the real app, headless, in front of the fake upstream replaying real
 * llama-server bytes: the stored request in the editor, invalid JSON refused before sending, an
 * edited body with an API key sent and recorded with {@code replay_of} (the key nowhere in the
 * store), both sides' figures and answers side by side, a dead upstream said in words and recorded.
 */
class ReplayEndToEndTest {

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
  void replaysAnEditedRequestAndShowsBothAnswersSideBySide() throws Exception {
    Fixture stream = Fixture.load("chat_stream");
    running.send(stream, stream.requestBytes());
    running.upstream().takeRequest();
    AppTesting.waitForRows(dataDir, 1);
    openInspectorOnTheOnlyRow();

    robot.clickOn("#inspector-replay");
    Stage replay = awaitReplayWindow();
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> !((Button) in(replay, "#replay-send")).isDisabled()));
    assertThat(fx(() -> text(replay, "#replay-body")))
        .isEqualTo(new String(stream.requestBody(), StandardCharsets.UTF_8));
    assertThat(fx(() -> text(replay, "#replay-model"))).isEqualTo("tiny");
    assertThat(fx(() -> text(replay, "#replay-upstream"))).isEqualTo(running.upstream().url());

    // invalid JSON: said before anything is sent
    setText(replay, "#replay-body", "{\"model\": \"tiny\", ");
    robot.interact(() -> ((Button) in(replay, "#replay-send")).fire());
    awaitMessage(replay, "not valid JSON");

    // an edited body, with a key
    String edited =
        new String(stream.requestBody(), StandardCharsets.UTF_8)
            .replace("\"max_tokens\": 32", "\"max_tokens\": 8");
    setText(replay, "#replay-body", edited);
    robot.interact(() -> ((PasswordField) in(replay, "#replay-key")).setText(AppTesting.KEY));
    running.upstream().enqueue(Reply.of(stream).scaled(0.1));
    robot.interact(() -> ((Button) in(replay, "#replay-send")).fire());
    awaitMessage(replay, "Replayed: recorded as exchange #2.");

    Received sent = running.upstream().takeRequest();
    assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo(edited);
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + AppTesting.KEY);
    assertThat(fx(() -> label(replay, "#replay-figure-exchange"))).isEqualTo("#2");
    assertThat(fx(() -> label(replay, "#replay-figure-status"))).isEqualTo("200");
    assertThat(fx(() -> label(replay, "#replay-figure-generated-tokens"))).isEqualTo("32");
    assertThat(fx(() -> label(replay, "#replay-figure-prompt-tokens"))).isEqualTo("29");
    assertThat(fx(() -> label(replay, "#replay-figure-time-to-first-token"))).endsWith(" ms");
    String original = fx(() -> text(replay, "#replay-original-answer"));
    assertThat(original).isNotEmpty().doesNotContain("No answer");
    assertThat(fx(() -> text(replay, "#replay-answer"))).isEqualTo(original);
    Path png = fx(() -> Screenshots.save(replay.getScene(), "replay"));
    assertThat(Files.size(png)).isGreaterThan(10_000);

    // a dead upstream: in words, and recorded as a failed replay
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    setText(replay, "#replay-upstream", "http://127.0.0.1:" + dead);
    robot.interact(() -> ((Button) in(replay, "#replay-send")).fire());
    awaitMessage(replay, "The replay failed");
    assertThat(fx(() -> label(replay, "#replay-message")))
        .contains("could not reach the model server at 127.0.0.1:" + dead)
        .contains("exchange #3");

    try (ExchangeStore s = ExchangeStore.openReadOnly(dataDir.resolve("tokentap.db"))) {
      StoredExchange two = s.exchange(2).orElseThrow();
      assertThat(two.replayOf()).isEqualTo(1L);
      assertThat(two.status()).isEqualTo(200);
      assertThat(two.credentialFp()).hasSize(12);
      StoredExchange three = s.exchange(3).orElseThrow();
      assertThat(three.replayOf()).isEqualTo(1L);
      assertThat(three.outcome()).isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
    }
    robot.interact(replay::close);
    running.close(); // the store is written and closed: no byte of the key in it
    for (String f : List.of("tokentap.db", "tokentap.db-wal")) {
      Path file = dataDir.resolve(f);
      if (Files.exists(file)) {
        assertThat(
                AppTesting.indexOf(
                    Files.readAllBytes(file), AppTesting.MARK.getBytes(StandardCharsets.UTF_8)))
            .as(f)
            .isEqualTo(-1);
      }
    }
  }

  private void openInspectorOnTheOnlyRow() throws Exception {
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  List<ActivityItem> items = table().getItems();
                  if (items.size() != 1
                      || items.get(0).row().isLoading()
                      || items.get(0).row().inFlight()) {
                    return false;
                  }
                  table().requestFocus();
                  table().getSelectionModel().clearAndSelect(0);
                  table().getFocusModel().focus(0);
                  return true;
                }));
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  Node b = lookup("#inspector-replay");
                  return b != null && b.isVisible() && !b.isDisabled();
                }));
  }

  private static Stage awaitReplayWindow() throws Exception {
    Stage[] found = new Stage[1];
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  for (Window w : Window.getWindows()) {
                    if (w instanceof Stage s
                        && s.getTitle() != null
                        && s.getTitle().startsWith("Replay of exchange #1")) {
                      found[0] = s;
                      return true;
                    }
                  }
                  return false;
                }));
    return found[0];
  }

  private static void awaitMessage(Stage replay, String part) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(
          15, TimeUnit.SECONDS, () -> fx(() -> label(replay, "#replay-message").contains(part)));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "no \"" + part + "\"; the message says: " + fx(() -> label(replay, "#replay-message")),
          e);
    }
  }

  private void setText(Stage replay, String id, String text) {
    robot.interact(
        () -> {
          Node n = in(replay, id);
          if (n instanceof TextArea a) {
            a.setText(text);
          } else {
            ((TextField) n).setText(text);
          }
        });
  }

  private static Node in(Stage stage, String id) {
    return stage.getScene().lookup(id);
  }

  private static String text(Stage stage, String id) {
    Node n = in(stage, id);
    return n instanceof TextArea a ? a.getText() : ((TextField) n).getText();
  }

  private static String label(Stage stage, String id) {
    Node n = in(stage, id);
    return n == null ? "" : ((Label) n).getText();
  }

  private Node lookup(String id) {
    return running.app().stage().getScene().lookup(id);
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) lookup("#activity-table");
  }
}
