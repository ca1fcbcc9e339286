package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Enter on a line still being read opens its exchange once the line is read. */
class ActivityViewInspectTest {

  private final FxRobot robot = new FxRobot();
  private ExchangeStore store;

  @AfterEach
  void close() throws Exception {
    FxToolkit.cleanupStages();
    store.close();
  }

  @Test
  void enterOnALineBeingReadOpensItOnceRead(@TempDir Path dir) throws Exception {
    SyntheticStore.create(dir, 50);
    store = ExchangeStore.open(dir);
    List<Runnable> fxQueue = new ArrayList<>(); // the reads' answers, run when the test says
    ActivityViewModel vm =
        new ActivityViewModel(store, Runnable::run, fxQueue::add, () -> SyntheticStore.T0);
    List<Long> inspected = new ArrayList<>();
    FxToolkit.registerPrimaryStage();
    FxToolkit.setupStage(
        stage -> {
          vm.start();
          while (!fxQueue.isEmpty()) {
            fxQueue.removeFirst().run(); // the count: 50 lines, each a stand-in until its page
          }
          ActivityView view = new ActivityView(vm);
          view.setOnInspect(r -> inspected.add(r.id()));
          stage.setScene(new Scene(new javafx.scene.layout.StackPane(view.root()), 800, 400));
          stage.show();
        });
    robot.interact(
        () -> {
          assertThat(view(robot).getItems().getFirst().row().isLoading()).isTrue();
          view(robot).getSelectionModel().select(0);
          view(robot)
              .fireEvent(
                  new KeyEvent(
                      KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
        });
    assertThat(inspected).isEmpty();
    robot.interact(
        () -> {
          while (!fxQueue.isEmpty()) {
            fxQueue.removeFirst().run(); // the first page arrives
          }
        });
    assertThat(inspected).containsExactly(50L);
  }

  @SuppressWarnings("unchecked")
  private static javafx.scene.control.TableView<ActivityItem> view(FxRobot robot) {
    return (javafx.scene.control.TableView<ActivityItem>)
        robot.lookup("#activity-table").queryAs(javafx.scene.control.TableView.class);
  }
}
