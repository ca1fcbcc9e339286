package dev.tokentap.ui.fx;

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
   * that list (the chosen model stays chosen when the list changes), its value bound both ways to
   * {@code chosen}.
   */
  public static ComboBox<String> comboBox(
      ObservableList<String> models, ObjectProperty<String> chosen) {
    ComboBox<String> box = new ComboBox<>();
    box.setPrefWidth(
        200); // model names run long (qwen2.5-coder-7b-instruct-q4_k_m); the list shows them whole
    box.getItems().add(null);
    models.addListener(
        (ListChangeListener<String>)
            c -> {
              String value = box.getValue();
              box.getItems().setAll(models);
              box.getItems().addFirst(null);
              box.setValue(value);
            });
    box.valueProperty().bindBidirectional(chosen);
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
