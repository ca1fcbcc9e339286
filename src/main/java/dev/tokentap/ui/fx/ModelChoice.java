package dev.tokentap.ui.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

/** The "which model" choice of a filter: every model seen, and a null entry for all of them. */
public final class ModelChoice {

  /** What the null entry reads. */
  public static final String ALL = "All models";

  private ModelChoice() {}

  /**
   * A combo box offering {@link #ALL} (a null value) and then {@code models}, kept in step with
   * that list, its value and {@code chosen} following each other. A change of the list leaves
   * {@code chosen} alone: a combo box whose items are replaced passes its value through whatever
   * item takes the chosen one's place (a new model seen made the activity table's filter go to that
   * model and back, reading the table twice from scratch).
   */
  public static ComboBox<String> comboBox(
      ObservableList<String> models, ObjectProperty<String> chosen) {
    ComboBox<String> box = new ComboBox<>();
    box.setPrefWidth(
        200); // model names run long (qwen2.5-coder-7b-instruct-q4_k_m); the list shows them whole
    boolean[] copying = {false}; // the box's value changes while the list is copied: not a choice
    Runnable copy =
        () -> {
          copying[0] = true;
          try {
            List<String> items = new ArrayList<>(models.size() + 1);
            items.add(null);
            items.addAll(models);
            box.getItems().setAll(items);
            box.setValue(chosen.get());
          } finally {
            copying[0] = false;
          }
        };
    copy.run();
    models.addListener((ListChangeListener<String>) c -> copy.run());
    box.valueProperty()
        .subscribe(
            value -> {
              if (!copying[0]) {
                chosen.set(value);
              }
            });
    chosen.subscribe(box::setValue);
    box.setButtonCell(nullAsAll());
    box.setCellFactory(l -> nullAsAll());
    return box;
  }

  private static ListCell<String> nullAsAll() {
    return new ListCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item == null ? ALL : item);
      }
    };
  }
}
