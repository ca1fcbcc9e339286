package dev.tokentap.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The model choice follows the list of models without touching the choice: each change of the
 * choice re-reads the activity table from scratch, so a new model seen must not pass through it.
 */
class ModelChoiceTest {

  private final FxRobot robot = new FxRobot();

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void close() throws Exception {
    FxToolkit.cleanupStages();
  }

  @Test
  void newModelsLeaveTheChoiceAlone() throws Exception {
    ObservableList<String> models = FXCollections.observableArrayList();
    ObjectProperty<String> chosen = new SimpleObjectProperty<>();
    List<String> changes = new ArrayList<>();
    ComboBox<String> box = ModelChoice.comboBox(models, chosen);
    FxToolkit.setupStage(
        stage -> {
          stage.setScene(new Scene(new StackPane(box), 300, 100));
          stage.show();
        });
    robot.interact(
        () -> {
          chosen.addListener((o, a, b) -> changes.add(a + "->" + b));
          models.add("tiny"); // the first model seen, "All models" chosen
          models.add(0, "alpha");
          models.setAll("alpha", "beta", "tiny");
          assertThat(box.getItems()).containsExactly(null, "alpha", "beta", "tiny");
          assertThat(changes).isEmpty();

          chosen.set("beta");
          models.add("zeta");
          models.setAll("alpha", "beta", "tiny", "zeta");
          assertThat(box.getValue()).isEqualTo("beta");
          assertThat(changes).containsExactly("null->beta");

          box.setValue(null); // the user picks "All models"
          assertThat(chosen.get()).isNull();
        });
  }
}
