package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import dev.tokentap.ui.activity.ActivityItem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Search inside bodies in the real window (decision record 0026): a word that only a captured
 * prompt holds, typed into the filter field, leaves that exchange in the table, and the inspector
 * marks it in the request body.
 */
class SearchHighlightEndToEndTest {

  private static final String WORD = "kumquat";
  private final FxRobot robot = new FxRobot();
  private RunningWindow running;
  @TempDir java.nio.file.Path dataDir;

  @BeforeEach
  void start() throws Exception {
    running = RunningWindow.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  @Test
  void theFilterFindsAWordInAPromptAndTheInspectorMarksIt() throws Exception {
    Fixture plain = Fixture.load("chat_nonstream");
    String body =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Is a Kumquat a citrus fruit? A kumquat, I mean.\"}]}";
    byte[] asked =
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
    running.send(plain, plain.requestBytes());
    running.send(plain, asked);
    running.send(plain, plain.requestBytes());
    AppTesting.waitForRows(dataDir, 3); // in SQLite, captures and their index too

    robot.interact(() -> ((TextField) lookup("#filter-field")).setText(WORD));
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  List<ActivityItem> items = table().getItems();
                  return items.size() == 1 && items.getFirst().row().id() == 2;
                }));

    robot.interact(
        () -> {
          table().requestFocus();
          table().getSelectionModel().clearAndSelect(0);
          table().getFocusModel().focus(0);
        });
    robot.type(KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  Node t = lookup("#inspector-title");
                  Node tabs = lookup("#inspector-tabs");
                  return t != null
                      && ((Label) t).getText().contains("#2 ")
                      && ((Label) t).getText().contains("·")
                      && tabs.isVisible();
                }));
    robot.interact(() -> ((TabPane) lookup("#inspector-tabs")).getSelectionModel().select(1));
    WaitForAsyncUtils.waitForFxEvents();
    List<String> marks = fx(() -> marks("#request-body-view"));
    assertThat(marks).containsExactly("Kumquat", "kumquat"); // both, whatever their case

    // another filter text: the marks follow it; no text: none
    robot.interact(() -> ((TextField) lookup("#filter-field")).setText("citrus"));
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> marks("#request-body-view").equals(List.of("citrus"))));
    robot.interact(() -> ((TextField) lookup("#filter-field")).setText(""));
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> marks("#request-body-view").isEmpty()));
  }

  private List<String> marks(String id) {
    Node view = lookup(id);
    if (view == null) {
      return List.of("(no view)");
    }
    return ((Parent) view)
        .lookupAll(".search-match").stream().map(n -> ((Label) n).getText()).toList();
  }

  private Node lookup(String id) {
    return running.app().stage().getScene().lookup(id);
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) lookup("#activity-table");
  }
}
