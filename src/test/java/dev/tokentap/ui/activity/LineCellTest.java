package dev.tokentap.ui.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A line's cells change without the line being laid out again, and still show the change. */
class LineCellTest {

  private final FxRobot robot = new FxRobot();

  @AfterEach
  void close() throws Exception {
    FxToolkit.cleanupStages();
  }

  @Test
  void aCellWhoseRowChangesShowsItWithoutItsLineNeedingLayout() throws Exception {
    FxToolkit.registerPrimaryStage();
    List<ActivityItem> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(new ActivityItem(row(i, "model-" + i)));
    }
    TableView<ActivityItem> table = new TableView<>(FXCollections.observableArrayList(items));
    table.setFixedCellSize(24);
    for (int c = 0; c < 6; c++) {
      TableColumn<ActivityItem, ActivityRow> column = new TableColumn<>("c" + c);
      column.setCellValueFactory(cd -> cd.getValue().rowProperty());
      column.setCellFactory(col -> new ModelCell());
      table.getColumns().add(column);
    }
    List<Boolean> linesNeedingLayout = new ArrayList<>();
    FxToolkit.setupStage(
        stage -> {
          Scene scene = new Scene(table, 600, 400);
          scene.addPreLayoutPulseListener(
              () ->
                  linesNeedingLayout.add(
                      table.lookupAll(".table-row-cell").stream()
                          .anyMatch(n -> ((Parent) n).isNeedsLayout())));
          stage.setScene(scene);
          stage.show();
        });
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> !texts(table).isEmpty()));
    WaitForAsyncUtils.waitForFxEvents();

    robot.interact(
        () -> {
          linesNeedingLayout.clear();
          for (int i = 0; i < 10; i++) {
            items.get(i).setRow(row(i, "changed-" + i));
          }
        });
    WaitForAsyncUtils.waitFor(
        5,
        TimeUnit.SECONDS,
        () -> fx(() -> texts(table).stream().filter(t -> t.startsWith("changed-")).count()) == 60);

    assertThat(fx(() -> texts(table))).contains("changed-0", "changed-9", "model-10");
    assertThat(fx(() -> List.copyOf(linesNeedingLayout))).isNotEmpty().containsOnly(false);
  }

  /** A LineCell showing the row's model. */
  private static final class ModelCell extends LineCell {
    @Override
    protected void updateItem(ActivityRow r, boolean empty) {
      super.updateItem(r, empty);
      setText(empty || r == null ? null : r.model());
    }
  }

  private static List<String> texts(TableView<ActivityItem> table) {
    List<String> texts = new ArrayList<>();
    for (Node n : table.lookupAll(".table-cell")) {
      String t = ((ModelCell) n).getText();
      if (t != null && n.isVisible()) {
        texts.add(t);
      }
    }
    return texts;
  }

  private <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(5, TimeUnit.SECONDS);
  }

  private static ActivityRow row(long id, String model) {
    return TestRows.row(id, model, Outcome.OK);
  }
}
