package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Outcome;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Ending;
import dev.tokentap.testing.ReplayUpstream.Reply;
import dev.tokentap.testing.Screenshots;
import dev.tokentap.ui.activity.ActivityItem;
import dev.tokentap.ui.activity.ActivityRow;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window driven like a user would, in front of a real forwarder and a fake upstream replaying
 * real llama-server answers.
 */
class WindowEndToEndTest {

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
  void aRequestSentThroughAppearsAsARowWithItsFigures() throws Exception {
    running.send("chat_nonstream");
    ActivityRow row = waitForRow(r -> !r.inFlight() && r.outcome() != null);
    assertThat(row.method()).isEqualTo("POST");
    assertThat(row.path()).isEqualTo("/v1/chat/completions");
    assertThat(row.status()).isEqualTo(200);
    assertThat(row.outcome()).isEqualTo(Outcome.OK);
    assertThat(row.promptTokens()).isNotNull().isPositive();
    assertThat(row.completionTokens()).isNotNull().isPositive();
    assertThat(row.genTps()).isNotNull().isPositive();
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> statusLine()).startsWith("1 exchange"));
    // the cells show the figures as text, unknown ones as "not reported"
    WaitForAsyncUtils.waitForFxEvents();
    List<String> cells =
        fx(
            () ->
                robot.from(table()).lookup(".table-cell").queryAll().stream()
                    .map(n -> ((javafx.scene.control.Labeled) n).getText())
                    .filter(t -> t != null)
                    .toList());
    assertThat(cells)
        .contains("tiny", "/v1/chat/completions", "200 ok", Long.toString(row.promptTokens()));
  }

  /**
   * The table is repainted whole at every update under traffic, so it is kept cheap to paint: one
   * fill per background of the table, its lines and the pane around the tabs (JavaFX stretches a
   * cached image for several, slow in software rendering), and every column inside the window (a
   * change at the edge made JavaFX repaint the whole window).
   */
  @Test
  void theActivityTableIsCheapToRepaint() throws Exception {
    running.send("chat_nonstream");
    running.send("chat_nonstream");
    waitForRow(r -> !r.inFlight() && r.outcome() != null);
    robot.interact(
        () -> {
          table().requestFocus();
          table().getSelectionModel().select(0);
        });
    WaitForAsyncUtils.waitForFxEvents();
    List<Integer> fills =
        fx(
            () -> {
              List<Integer> n = new java.util.ArrayList<>();
              n.add(table().getBackground().getFills().size());
              // the pane around the tabs: most of the window, for a whole-window repaint
              n.add(
                  ((javafx.scene.layout.Region)
                          running.app().stage().getScene().lookup(".split-pane"))
                      .getBackground()
                      .getFills()
                      .size());
              for (javafx.scene.Node row : table().lookupAll(".table-row-cell")) {
                javafx.scene.layout.Background b =
                    ((javafx.scene.layout.Region) row).getBackground();
                n.add(b == null ? 0 : b.getFills().size());
              }
              return n;
            });
    assertThat(fills).hasSizeGreaterThan(3).allMatch(n -> n <= 1);
    double columns = fx(() -> table().getColumns().stream().mapToDouble(c -> c.getWidth()).sum());
    assertThat(columns).isLessThanOrEqualTo(fx(() -> table().getWidth()));
  }

  /**
   * With more lines than a screen, the table keeps its length while new lines arrive on top (the
   * lines move through fixed positions), and the length catches up a few seconds later.
   */
  @Test
  void withALongHistoryANewExchangeIsOnTopAtOnceAndTheSelectionStaysWithItsExchange()
      throws Exception {
    running.close();
    int stored = 500;
    dev.tokentap.testing.SyntheticStore.create(
        dataDir, stored, System.currentTimeMillis() - 3_600_000);
    running = RunningWindow.start(dataDir);
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> table().getItems().size()) == stored);
    // a line the user chose, once its row is read
    long chosen =
        waitForValue(
            () -> {
              ActivityRow r = table().getItems().get(3).row();
              if (r.isLoading()) {
                return null;
              }
              table().getSelectionModel().clearAndSelect(3);
              return r.id();
            });

    running.send("chat_nonstream");
    ActivityRow top = waitForRow(r -> r.id() > stored && !r.inFlight() && r.outcome() != null);
    assertThat(top.path()).isEqualTo("/v1/chat/completions");
    WaitForAsyncUtils.waitFor(
        5,
        TimeUnit.SECONDS,
        () -> fx(() -> table().getSelectionModel().getSelectedItem().row().id()) == chosen);
    assertThat(fx(() -> table().getSelectionModel().getSelectedIndex())).isEqualTo(4);
    // the length catches up: the oldest line is there again, at the end
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> table().getItems().size()) == stored + 1);
  }

  /** Polls {@code value} on the FX thread until it is not null. */
  private <T> T waitForValue(java.util.concurrent.Callable<T> value) throws Exception {
    java.util.concurrent.atomic.AtomicReference<T> got =
        new java.util.concurrent.atomic.AtomicReference<>();
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> {
          got.set(fx(value));
          return got.get() != null;
        });
    return got.get();
  }

  @Test
  void aRunningStreamTicksAndCanBeCancelled() throws Exception {
    running.upstream().enqueue(Reply.of(Fixture.load("chat_stream")).ending(Ending.KEEP_STREAMING));
    try (RawClient client = new RawClient(running.app().tokenTap().listenAddress().getPort())) {
      client.send(Fixture.load("chat_stream").requestBytes());
      ActivityRow first = waitForRow(ActivityRow::inFlight);
      WaitForAsyncUtils.waitFor(
          10,
          TimeUnit.SECONDS,
          () -> fx(() -> table().getItems().getFirst().row().durationMs()) > first.durationMs());
      assertThat(fx(() -> table().getItems().getFirst().row().inFlight())).isTrue();

      robot.interact(
          () -> {
            table().requestFocus();
            table().getSelectionModel().select(0);
          });
      robot.type(KeyCode.DELETE);
      assertThat(running.upstream().awaitPeerGone(10, TimeUnit.SECONDS))
          .as("the upstream request is aborted")
          .isTrue();
      ActivityRow ended = waitForRow(r -> !r.inFlight() && r.outcome() != null);
      assertThat(ended.outcome()).isEqualTo(Outcome.CLIENT_ABORTED);
    }
  }

  @Test
  void theFilterKeepsOnlyMatchingRows() throws Exception {
    running.send("chat_nonstream");
    running.send("embeddings_v1_single");
    running.send("get_health");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> storedRows().size()) == 3);

    robot.clickOn("#filter-field").write("embeddings");
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(() -> storedRows().stream().map(ActivityRow::path).toList())
                .equals(List.of("/v1/embeddings")));

    robot.interact(() -> robot.lookup("#filter-field").queryTextInputControl().clear());
    robot.clickOn("#errors-only");
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> storedRows().isEmpty()));
  }

  @Test
  void theSelectedExchangeStaysSelectedWhenTheTableIsReadAgain() throws Exception {
    running.send("chat_nonstream");
    running.send("embeddings_v1_single");
    running.send("get_health");
    // found, chosen and read in one FX pass: between two passes the table may be read again and
    // show a line as a placeholder (id -1) that cannot be chosen; the view then selects the same
    // exchange again, which is what this test checks
    java.util.concurrent.atomic.AtomicLong picked = new java.util.concurrent.atomic.AtomicLong();
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  List<ActivityItem> items = table().getItems();
                  if (storedRows().size() != 3 || items.size() != 3) {
                    return false;
                  }
                  for (int i = 0; i < items.size(); i++) {
                    if (items.get(i).row().path().equals("/v1/embeddings")) {
                      table().requestFocus();
                      table().getSelectionModel().clearAndSelect(i);
                      picked.set(table().getSelectionModel().getSelectedItem().row().id());
                      return true;
                    }
                  }
                  return false;
                }));
    long chosen = picked.get();
    assertThat(chosen).isPositive();

    robot.clickOn("#filter-field").write("v1"); // every row matches: the table is read again
    try {
      WaitForAsyncUtils.waitFor(
          10,
          TimeUnit.SECONDS,
          () ->
              fx(
                  () -> {
                    ActivityItem s = table().getSelectionModel().getSelectedItem();
                    return storedRows().size() == 2 && s != null && s.row().id() == chosen;
                  }));
    } catch (java.util.concurrent.TimeoutException e) {
      String state =
          fx(
              () ->
                  "filter '"
                      + robot.lookup("#filter-field").queryTextInputControl().getText()
                      + "', rows "
                      + storedRows().stream().map(r -> r.id() + " " + r.path()).toList()
                      + ", selected "
                      + table().getSelectionModel().getSelectedItem());
      throw new AssertionError("chose " + chosen + "; after the filter: " + state, e);
    }
  }

  @Test
  void firstRunWithNothingAtTheUpstreamSaysWhatToDo() throws Exception {
    running.app().close();
    running.upstream().close();
    ReplayUpstream nothing =
        new ReplayUpstream(); // a port that closes right away: nothing answers there
    int deadPort = nothing.port();
    nothing.close();
    running.restartAt("http://127.0.0.1:" + deadPort);
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(() -> notice().isVisible()));
    assertThat(fx(() -> notice().getText()))
        .contains("Nothing is answering at http://127.0.0.1:" + deadPort)
        .contains("llama-server");
  }

  @Test
  void aTakenPortIsShownInWordsAndAnotherOneCanBeChosenInTheWindow() throws Exception {
    running.app().close();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      running.restart("--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(fx(() -> errorBanner().isVisible())).isTrue();
      assertThat(fx(() -> errorBanner().getText()))
          .startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("port is in use")
          .doesNotContain("Exception");

      robot.interact(() -> robot.lookup("#listen-field").queryTextInputControl().clear());
      robot.clickOn("#listen-field").write("127.0.0.1:0").type(KeyCode.ENTER);
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !errorBanner().isVisible()));
      int port = running.app().tokenTap().listenAddress().getPort();
      assertThat(port).isNotEqualTo(taken.getLocalPort());
      assertThat(fx(() -> robot.lookup("#listen-field").queryTextInputControl().getText()))
          .isEqualTo("127.0.0.1:" + port);
      running.send("chat_nonstream");
      waitForRow(r -> r.outcome() == Outcome.OK);
    }
  }

  @Test
  void writesAScreenshotOfTheMainWindowWithTraffic() throws Exception {
    for (String f : List.of("chat_nonstream", "chat_stream", "embeddings_v1_single")) {
      running.send(f);
    }
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> storedRows().size()) == 3);
    WaitForAsyncUtils.waitForFxEvents();
    Path png = fx(() -> Screenshots.save(running.app().stage().getScene(), "main-window"));
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }

  /** The first row once it passes {@code test}, read in the same FX pass as the check. */
  private ActivityRow waitForRow(java.util.function.Predicate<ActivityRow> test) throws Exception {
    java.util.concurrent.atomic.AtomicReference<ActivityRow> hit =
        new java.util.concurrent.atomic.AtomicReference<>();
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () -> {
                  if (!table().getItems().isEmpty() && test.test(firstRow())) {
                    hit.set(firstRow());
                    return true;
                  }
                  return false;
                }));
    return hit.get();
  }

  private ActivityRow firstRow() {
    return table().getItems().getFirst().row();
  }

  private List<ActivityRow> storedRows() {
    List<ActivityRow> rows = new ArrayList<>();
    for (ActivityItem item : table().getItems()) {
      if (!item.row().inFlight() && !item.row().isLoading()) {
        rows.add(item.row());
      }
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) running.app().stage().getScene().lookup("#activity-table");
  }

  private Label errorBanner() {
    return (Label) running.app().stage().getScene().lookup("#error");
  }

  private Label notice() {
    return (Label) running.app().stage().getScene().lookup("#notice");
  }

  private String statusLine() {
    return ((Label) running.app().stage().getScene().lookup("#status-line")).getText();
  }
}
