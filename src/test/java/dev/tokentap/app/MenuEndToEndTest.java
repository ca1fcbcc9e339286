package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.ui.activity.ActivityItem;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.main.Theme;
import dev.tokentap.ui.main.ThemeChoice;
import dev.tokentap.ui.main.WindowState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The File and View menus on the real app: export with progress, open a session read-only, settings
 * saved in a temporary XDG_CONFIG_HOME, the window remembered, the theme switched.
 */
class MenuEndToEndTest {

  private final FxRobot robot = new FxRobot();
  private RunningWindow running;
  @TempDir Path dataDir;
  @TempDir Path files;
  private Path chosen; // what the file picker answers

  @BeforeEach
  void start() throws Exception {
    running = RunningWindow.start(dataDir);
    running
        .app()
        .setFilePicker(
            new FilePicker() {
              @Override
              public Path open(Window owner) {
                return chosen;
              }

              @Override
              public Path save(Window owner, String suggested, String extension) {
                return chosen;
              }
            });
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  @Test
  void exportFromTheMenuWritesACsvWithAProgressBarThatCompletes() throws Exception {
    running.send("chat_nonstream");
    running.send("embeddings_v1_single");
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> running.app().tokenTap().store().count() == 2);
    chosen = files.resolve("out.csv");
    fire("menu-file", "menu-export");
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#export-start");
    WaitForAsyncUtils.waitFor(
        15,
        TimeUnit.SECONDS,
        () ->
            fx(() -> robot.lookup("#export-progress").queryAs(ProgressBar.class).getProgress())
                == 1.0);
    assertThat(fx(() -> robot.lookup("#export-message").queryAs(Label.class).getText()))
        .startsWith("Exported 2 exchanges to " + chosen);
    List<String> lines = Files.readAllLines(chosen);
    assertThat(lines).hasSize(3);
    assertThat(lines.getFirst()).startsWith("id,started_at");
  }

  @Test
  void anOpenedSessionShowsInAReadOnlyLabelledWindowWithItsRows() throws Exception {
    for (String f : List.of("chat_nonstream", "chat_stream", "embeddings_v1_single")) {
      running.send(f);
    }
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> running.app().tokenTap().store().count() == 3);
    Path session = files.resolve("s.tokentap");
    int code =
        ExportRunner.run(
            new dev.tokentap.export.ExportRequest(
                running.app().tokenTap().store().databaseFile(),
                false,
                dev.tokentap.store.ExchangeFilter.ALL,
                dev.tokentap.export.ExportFormat.SESSION,
                session),
            new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
    assertThat(code).isZero();
    chosen = session;
    fire("menu-file", "menu-open");
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> running.app().sessions().windows().size() == 1));
    Stage window = fx(() -> running.app().sessions().windows().getFirst());
    assertThat(fx(window::getTitle)).isEqualTo("TokenTap — s.tokentap (read-only)");
    Label label = fx(() -> (Label) window.getScene().lookup("#read-only-label"));
    assertThat(fx(label::getText)).startsWith("Read-only session: " + session);
    assertThat(fx(() -> window.getScene().lookup("#listen-field"))).isNull();
    assertThat(fx(() -> window.getScene().lookup("#record-toggle"))).isNull();
    @SuppressWarnings("unchecked")
    TableView<dev.tokentap.ui.activity.ActivityItem> table =
        fx(
            () ->
                (TableView<dev.tokentap.ui.activity.ActivityItem>)
                    window.getScene().lookup("#activity-table"));
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> table.getItems().stream().filter(i -> !i.row().isLoading()).count() == 3));

    // a file that is neither a session nor a HAR: a readable dialog, no window
    chosen = files.resolve("notes.txt");
    Files.writeString(chosen, "hello");
    fire("menu-file", "menu-open");
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    Window.getWindows().stream()
                        .anyMatch(
                            w ->
                                w.getScene() != null
                                    && w.getScene().lookup(".dialog-pane") != null)));
    String text =
        fx(
            () ->
                Window.getWindows().stream()
                    .filter(
                        w -> w.getScene() != null && w.getScene().lookup(".dialog-pane") != null)
                    .map(
                        w ->
                            ((javafx.scene.control.DialogPane) w.getScene().lookup(".dialog-pane"))
                                .getContentText())
                    .findFirst()
                    .orElseThrow());
    assertThat(text).contains("neither a TokenTap session file nor a HAR file");
    robot.interact(
        () ->
            Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().lookup(".dialog-pane") != null)
                .toList()
                .forEach(w -> ((Stage) w).close()));
    assertThat(fx(() -> running.app().sessions().windows().size())).isEqualTo(1);
  }

  @Test
  void settingsAreSavedInTheConfigFileAndTheUpstreamAppliesAtOnce() throws Exception {
    fire("menu-file", "menu-settings");
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            !fx(() -> robot.lookup("#settings-upstream").queryAs(TextField.class).getText())
                .isEmpty());
    ReplayUpstream other = new ReplayUpstream().answeringHealthChecks();
    try {
      robot.interact(
          () -> {
            robot.lookup("#settings-upstream").queryAs(TextField.class).setText(other.url());
            robot.lookup("#settings-keep-age").queryAs(TextField.class).setText("14d");
          });
      robot.clickOn("#settings-save");
      Path configFile = Config.defaultFile(WindowedTokenTap.testEnv(dataDir));
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(configFile));
      Config saved = Config.load(configFile);
      assertThat(saved.upstream()).isEqualTo(URI.create(other.url()));
      assertThat(saved.retention().maxAge()).isEqualTo(java.time.Duration.ofDays(14));
      assertThat(saved.listen()).isEqualTo(running.app().tokenTap().listenAddress());
      WaitForAsyncUtils.waitFor(
          10,
          TimeUnit.SECONDS,
          () -> running.app().tokenTap().upstream().equals(URI.create(other.url())));
      assertThat(new ConfigSettingsStore(configFile).load().keepAge()).isEqualTo("14d");
    } finally {
      other.close();
    }
  }

  @Test
  void theThemeMenuSwitchesTheDarkStyleClass() throws Exception {
    javafx.scene.Parent root = fx(() -> running.app().stage().getScene().getRoot());
    fire("menu-view", "menu-theme", "theme-dark");
    assertThat(fx(() -> root.getStyleClass().contains(Theme.DARK))).isTrue();
    fire("menu-view", "menu-theme", "theme-light");
    assertThat(fx(() -> root.getStyleClass().contains(Theme.DARK))).isFalse();
    assertThat(fx(() -> running.app().theme().choiceProperty().get())).isEqualTo(ThemeChoice.LIGHT);
  }

  @Test
  void windowSizeColumnWidthsAndThemeAreRememberedAcrossRuns() throws Exception {
    robot.interact(
        () -> {
          running.app().stage().setWidth(900);
          running.app().stage().setHeight(640);
          running.app().theme().choiceProperty().set(ThemeChoice.DARK);
        });
    WaitForAsyncUtils.waitForFxEvents();
    // what dragging the Model column's edge 60 pixels to the right does (the columns share the
    // table's width, so the others give the room)
    double modelWidth =
        fx(
            () -> {
              TableColumn<ActivityItem, ?> model = modelColumn();
              double before = model.getWidth();
              table().resizeColumn(model, 60);
              return model.getWidth() > before ? model.getWidth() : -1;
            });
    assertThat(modelWidth).isPositive();
    running.app().close();
    Path file = running.app().windowStateFile();
    assertThat(file).exists();
    WindowState saved = new WindowStateFile(file, System.err).load();
    assertThat(saved.width()).isEqualTo(900);
    assertThat(saved.columnWidths()).containsEntry("model", modelWidth);
    assertThat(saved.theme()).isEqualTo(ThemeChoice.DARK);

    running.restart();
    assertThat(fx(() -> running.app().stage().getWidth())).isEqualTo(900);
    assertThat(fx(() -> running.app().stage().getHeight())).isEqualTo(640);
    assertThat(fx(() -> modelColumn().getWidth())).isCloseTo(modelWidth, within(1.0));
    assertThat(fx(() -> running.app().stage().getScene().getRoot().getStyleClass()))
        .contains(Theme.DARK);

    // a malformed window.json: the defaults, no crash
    running.app().close();
    Files.writeString(file, "{not json");
    running.restart();
    assertThat(fx(() -> running.app().stage().getWidth())).isEqualTo(1280);
  }

  private TableColumn<ActivityItem, ?> modelColumn() {
    return table().getColumns().stream()
        .filter(c -> "model".equals(c.getId()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theShortcutsAreShownInTheMenus() throws Exception {
    Map<String, String> keys =
        fx(
            () -> {
              Map<String, String> m = new java.util.HashMap<>();
              for (Menu menu : running.app().mainView().menuBar().getMenus()) {
                for (MenuItem i : menu.getItems()) {
                  if (i.getAccelerator() != null) {
                    m.put(i.getId(), i.getAccelerator().getName());
                  }
                }
              }
              return m;
            });
    assertThat(keys)
        .containsKeys(
            "menu-open",
            "menu-export",
            "menu-settings",
            "menu-quit",
            "menu-filter",
            "menu-listen",
            "menu-recheck");
    assertThat(keys.get("menu-recheck")).isEqualTo("F5");
    robot.interact(() -> running.app().stage().requestFocus());
    robot.press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.L);
    robot.release(javafx.scene.input.KeyCode.L).release(javafx.scene.input.KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> running.app().mainView().listenField().isFocused())).isTrue();
  }

  /** Fires the menu item with {@code ids} (menu, [submenu,] item) as a click would. */
  private void fire(String... ids) throws Exception {
    robot.interact(
        () -> {
          List<MenuItem> items = List.copyOf(running.app().mainView().menuBar().getMenus());
          MenuItem found = null;
          for (String id : ids) {
            found = items.stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
            if (found instanceof Menu m) {
              items = m.getItems();
            }
          }
          found.fire();
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<dev.tokentap.ui.activity.ActivityItem>)
        running.app().stage().getScene().lookup("#activity-table");
  }
}
