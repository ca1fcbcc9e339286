package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.Screenshots;
import dev.tokentap.ui.activity.ActivityItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector in the real app, headless, in front of a fake upstream replaying real llama-server
 * answers: rows opened with Enter and double-click, bodies, events, the reassembled answer,
 * redacted marks, the cURL text, a screenshot, and a 5 MB body that must not freeze the window.
 */
class InspectorEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
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
  void showsBodiesEventsTheAnswerAndRedactedMarks() throws Exception {
    Fixture stream = Fixture.load("chat_stream");
    Fixture plain = Fixture.load("chat_nonstream");
    running.send(stream, stream.requestBytes());
    running.send(plain, plain.requestBytes());
    running.send(plain, AppTesting.secretRequest());
    waitForStoredRows(3); // newest first: secret, plain, stream

    // Enter on the streamed row
    select(2);
    robot.type(KeyCode.ENTER);
    waitForTitle("POST /v1/chat/completions");
    assertThat(fx(() -> lookup("#inspector").isVisible())).isTrue();
    TableView<?> events = fx(() -> (TableView<?>) lookup("#events-table"));
    assertThat(fx(() -> events.getItems().size())).isEqualTo(stream.events().size());
    String answer = fx(() -> ((TextArea) lookup("#answer-text")).getText());
    assertThat(answer).isEqualTo(streamedText(stream)).isNotEmpty();
    assertThat(fx(() -> ((Label) lookup("#answer-note")).getText()))
        .startsWith("Reassembled from " + stream.events().size());
    selectTab("Stream"); // # / offset / gap / event / data
    List<String> cells = cellTexts("#events-table");
    assertThat(cells).contains("1", "2");
    assertThat(cells).anyMatch(c -> c.matches("\\d+\\.\\d"));
    selectTab("Overview");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> lookup("#timeline-chart"))).isNotNull();
    Path png = fx(() -> Screenshots.save(running.app().stage().getScene(), "inspector"));
    assertThat(Files.size(png)).isGreaterThan(10_000);

    // double-click on the plain row: its response is pretty, highlighted JSON
    robot.doubleClickOn(rowNode(1), MouseButton.PRIMARY);
    waitForTitle("#2 ");
    selectTab("Response");
    String pretty = fx(() -> flowText("#response-body-view"));
    assertThat(pretty).contains("\n  \"choices\": [").contains("\"message\": {");
    robot.clickOn("#response-raw");
    assertThat(fx(() -> flowText("#response-body-view")))
        .isEqualTo(new String(plain.responseBody(), StandardCharsets.UTF_8));

    // the request sent with a key: marked as redacted, and the cURL text holds no secret
    select(0);
    robot.type(KeyCode.ENTER);
    waitForTitle("#3 ");
    selectTab("Request");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> redactedMarks("#request-headers"))).isPositive();
    assertThat(fx(() -> redactedMarks("#request-body-view"))).isPositive();
    robot.clickOn("#copy-curl");
    String curl = fx(() -> Clipboard.getSystemClipboard().getString());
    assertThat(curl)
        .startsWith("curl ")
        .contains("Authorization: [REDACTED]")
        .doesNotContain(AppTesting.MARK);
    assertThat(fx(() -> ((Label) lookup("#inspector-message")).getText())).startsWith("Copied");
    Path shot = fx(() -> Screenshots.save(running.app().stage().getScene(), "inspector-redacted"));
    assertThat(Files.size(shot)).isGreaterThan(10_000);

    robot.type(KeyCode.ESCAPE);
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> lookup("#inspector") == null));
  }

  @Test
  void fiveMegabyteBodiesOpenWithoutFreezingTheWindow() throws Exception {
    Fixture stream = bigStream(5 * 1024 * 1024);
    Fixture json = bigJson(5 * 1024 * 1024);
    running.send(stream, stream.requestBytes());
    running.send(json, json.requestBytes());
    waitForStoredRows(2);
    AppTesting.waitForRows(dataDir, 2); // in SQLite, not only in the table
    for (int id : new int[] {1, 2}) {
      selectExchange(id);
      PulseGaps gaps = new PulseGaps();
      fx(
          () -> {
            gaps.start();
            return null;
          });
      long t0 = System.nanoTime();
      robot.type(KeyCode.ENTER);
      waitForTitle("#" + id + " ");
      double loadingGap = gaps.longestMs;
      selectTab("Response");
      WaitForAsyncUtils.waitFor(
          10, TimeUnit.SECONDS, () -> fx(() -> lookup("#response-body-view") != null));
      Thread.sleep(300); // a few pulses with the body on screen
      long ms = (System.nanoTime() - t0) / 1_000_000;
      fx(
          () -> {
            gaps.stop();
            return null;
          });
      System.out.printf(
          "inspector: opened a %s of %,d bytes in %d ms; longest FX pulse gap %.0f ms"
              + " (%.0f ms while it was read on the worker)%n",
          id == 1 ? "stream" : "JSON body",
          (id == 1 ? stream : json).responseBody().length,
          ms,
          gaps.longestMs,
          loadingGap);
      assertThat(fx(() -> lookup("#response-body-view"))).isInstanceOf(ListView.class);
      if (id == 1) {
        TableView<?> events = fx(() -> (TableView<?>) lookup("#events-table"));
        assertThat(fx(() -> events.getItems().size())).isGreaterThan(10_000);
      }
    }
  }

  @Test
  void aChatOpensAsAConversationAndCanMoveToAWindowOfItsOwn() throws Exception {
    Fixture plain = Fixture.load("chat_nonstream");
    running.send(plain, plain.requestBytes());
    waitForStoredRows(1);
    select(0);
    robot.type(KeyCode.ENTER);
    waitForTitle("#1 ");
    // a chat-like request opens on its Chat tab: the system prompt, the question, then the answer
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    ((TabPane) lookup("#inspector-tabs"))
                        .getSelectionModel()
                        .getSelectedItem()
                        .getText()
                        .equals("Chat")));
    List<String> texts =
        fx(
            () ->
                lookup("#chat-messages").lookupAll(".label").stream()
                    .map(n -> ((Label) n).getText())
                    .toList());
    assertThat(texts)
        .containsSubsequence(
            "system",
            "You are a helpful assistant.",
            "user",
            "Write a short poem about a lighthouse keeper and the sea.",
            "assistant · the answer");
    Path shot = fx(() -> Screenshots.save(running.app().stage().getScene(), "inspector-chat"));
    assertThat(Files.size(shot)).isGreaterThan(10_000);

    // Detach: the same exchange in a window of its own, closed with Esc
    robot.clickOn("#inspector-detach");
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    javafx.stage.Window.getWindows().stream()
                        .filter(w -> w instanceof javafx.stage.Stage)
                        .map(w -> ((javafx.stage.Stage) w).getTitle())
                        .anyMatch(t -> t != null && t.startsWith("TokenTap — #1 "))));
    javafx.stage.Stage own =
        fx(
            () ->
                javafx.stage.Window.getWindows().stream()
                    .map(w -> (javafx.stage.Stage) w)
                    .filter(w -> w.getTitle() != null && w.getTitle().startsWith("TokenTap — #1 "))
                    .findFirst()
                    .get());
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> own.getScene().lookup("#chat-messages") != null));
    robot.interact(
        () ->
            own.getScene()
                .getRoot()
                .fireEvent(
                    new javafx.scene.input.KeyEvent(
                        javafx.scene.input.KeyEvent.KEY_PRESSED,
                        "",
                        "",
                        KeyCode.ESCAPE,
                        false,
                        false,
                        false,
                        false)));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !own.isShowing()));
    assertThat(fx(() -> lookup("#inspector") != null)).as("the side pane stays").isTrue();
  }

  /** Measures the longest time between two FX pulses while it runs. */
  private static final class PulseGaps extends AnimationTimer {
    private long last;
    volatile double longestMs;

    @Override
    public void handle(long now) {
      if (last != 0) {
        longestMs = Math.max(longestMs, (now - last) / 1e6);
      }
      last = now;
    }
  }

  private void waitForStoredRows(int n) throws Exception {
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    table().getItems().stream()
                            .filter(i -> !i.row().inFlight() && !i.row().isLoading())
                            .count()
                        == n));
  }

  /** Selects line {@code index} once no line is a placeholder being read, in one FX pass. */
  private void select(int index) throws Exception {
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  List<ActivityItem> items = table().getItems();
                  if (items.size() <= index || items.stream().anyMatch(i -> i.row().isLoading())) {
                    return false;
                  }
                  table().requestFocus();
                  table().getSelectionModel().clearAndSelect(index);
                  table().getFocusModel().focus(index);
                  return true;
                }));
  }

  /**
   * Selects exchange {@code id}'s row, found and selected in one FX pass, and checks it is still
   * selected a moment later (rows stored meanwhile can move it).
   */
  private void selectExchange(long id) throws Exception {
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> {
          robot.interact(
              () -> {
                List<ActivityItem> items = table().getItems();
                for (int i = 0; i < items.size(); i++) {
                  if (items.get(i).row().id() == id) {
                    table().requestFocus();
                    table().getSelectionModel().clearAndSelect(i);
                    table().getFocusModel().focus(i);
                    return;
                  }
                }
              });
          Thread.sleep(200);
          return fx(
              () -> {
                ActivityItem selected = table().getSelectionModel().getSelectedItem();
                return selected != null && selected.row().id() == id;
              });
        });
  }

  private Node rowNode(int index) throws Exception {
    return fx(
        () ->
            robot.from(table()).lookup(".table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getIndex() == index)
                .findFirst()
                .orElseThrow());
  }

  private void selectTab(String title) {
    robot.interact(
        () -> {
          TabPane tabs = (TabPane) lookup("#inspector-tabs");
          tabs.getSelectionModel()
              .select(
                  tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().get());
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void waitForTitle(String part) throws Exception {
    try {
      awaitTitle(part);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "inspector not shown: title "
              + fx(() -> ((Label) lookup("#inspector-title")).getText())
              + ", placeholder "
              + fx(() -> ((Label) lookup("#inspector-placeholder")).getText()),
          e);
    }
  }

  private void awaitTitle(String part) throws Exception {
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  Node t = lookup("#inspector-title");
                  Node tabs = lookup("#inspector-tabs");
                  return t != null
                      && ((Label) t).getText().contains(part)
                      && ((Label) t).getText().contains("·")
                      && tabs.isVisible();
                }));
    WaitForAsyncUtils.waitForFxEvents();
  }

  private List<String> cellTexts(String tableId) throws Exception {
    return fx(
        () ->
            robot.from(lookup(tableId)).lookup(".table-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.Labeled) n).getText())
                .filter(t -> t != null)
                .toList());
  }

  /** The text of the TextFlow shown in a body view. */
  private String flowText(String id) {
    Node view = lookup(id);
    TextFlow flow = (TextFlow) ((Parent) view).lookup(".code");
    StringBuilder b = new StringBuilder();
    for (Node n : flow.getChildren()) {
      b.append(n instanceof Text t ? t.getText() : ((Label) n).getText());
    }
    return b.toString();
  }

  private int redactedMarks(String id) {
    Set<Node> marks = ((Parent) lookup(id)).lookupAll(".redacted");
    for (Node m : marks) {
      assertThat(((Label) m).getText()).isEqualTo("[REDACTED]");
      assertThat(((Label) m).getTooltip().getText()).contains("redacted by TokenTap");
    }
    return marks.size();
  }

  private Node lookup(String id) {
    return running.app().stage().getScene().lookup(id);
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) lookup("#activity-table");
  }

  private static String streamedText(Fixture f) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String line : new String(f.responseBody(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        b.append(
            JSON.readTree(line.substring(6))
                .path("choices")
                .path(0)
                .path("delta")
                .path("content")
                .asText(""));
      }
    }
    return b.toString();
  }

  /** A chat stream of about {@code size} bytes, sent in 64 KB chunks over 200 ms. */
  private static Fixture bigStream(int size) {
    Fixture base = Fixture.load("chat_stream");
    ByteArrayOutputStream body = new ByteArrayOutputStream(size + 1024);
    int i = 0;
    while (body.size() < size) {
      String chunk =
          "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"tok"
              + (i++ % 1000)
              + " \"}}],\"created\":1795343885,\"id\":\"chatcmpl-big\",\"model\":\"tiny\","
              + "\"object\":\"chat.completion.chunk\"}\n\n";
      body.writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    return big(base, body.toByteArray(), base.responseHeaders());
  }

  /** A chat answer of about {@code size} bytes of JSON on one line. */
  private static Fixture bigJson(int size) {
    Fixture base = Fixture.load("chat_nonstream");
    StringBuilder text = new StringBuilder(size);
    while (text.length() < size) {
      text.append("lorem ipsum dolor sit amet ");
    }
    String body =
        "{\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\""
            + text
            + "\"}}],\"model\":\"tiny\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":"
            + (size / 6)
            + ",\"total_tokens\":"
            + (size / 6 + 3)
            + "}}";
    List<Header> headers =
        List.of(
            new Header("Content-Type", "application/json; charset=utf-8"),
            new Header("Transfer-Encoding", "chunked"));
    return big(base, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static Fixture big(Fixture base, byte[] body, List<Header> headers) {
    List<Fixture.Chunk> chunks = new ArrayList<>();
    int piece = 64 * 1024;
    for (int off = 0; off < body.length; off += piece) {
      byte[] c = java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + piece));
      chunks.add(new Fixture.Chunk(c, 10 + 2000.0 * off / body.length));
    }
    List<Header> chunked =
        headers.stream().filter(h -> !h.name().equalsIgnoreCase("Content-Length")).toList();
    return new Fixture(
        base.name() + "_big",
        base.method(),
        base.path(),
        base.requestHeaders(),
        base.requestBody(),
        200,
        "OK",
        chunked,
        body,
        chunks,
        List.of(),
        10,
        2010);
  }
}
