package dev.tokentap.ui.export;

import dev.tokentap.export.ExportFormat;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.fx.ModelChoice;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The export window (File &gt; Export…, Ctrl+E): format, range, model and bodies, then a file
 * chooser, a progress bar and Cancel; the result or the error in words. Built in code over an
 * {@link ExportViewModel}.
 */
public final class ExportDialog {

  private final ExportViewModel vm;
  private final FilePicker picker;
  private final Stage stage = new Stage();

  public ExportDialog(ExportViewModel vm, FilePicker picker, Window owner, String title) {
    this.vm = vm;
    this.picker = picker;
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.setTitle(title);
    Scene scene = new Scene(content());
    scene.getRoot().getStyleClass().add("export-dialog");
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    // closing the window cancels a running export (nothing is written then)
    stage.setOnHidden(e -> vm.cancel());
  }

  public void show() {
    vm.loadModels();
    stage.show();
  }

  public Stage stage() {
    return stage;
  }

  private void chooseAndStart() {
    String ext = vm.formatProperty().get().extension();
    Path out = picker.save(stage, vm.suggestedFileName(), ext);
    if (out != null) {
      if (ExportFormat.byExtension(out).isEmpty()) {
        out = out.resolveSibling(out.getFileName() + "." + ext);
      }
      vm.start(out);
    }
  }

  private Parent content() {
    ComboBox<ExportFormat> format = new ComboBox<>();
    format.setId("export-format");
    format.getItems().setAll(ExportFormat.values());
    format.valueProperty().bindBidirectional(vm.formatProperty());
    format.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(ExportFormat f) {
            return f == null ? "" : describe(f);
          }

          @Override
          public ExportFormat fromString(String s) {
            return null;
          }
        });

    ComboBox<ExportRange> range = new ComboBox<>();
    range.setId("export-range");
    range.getItems().setAll(ExportRange.values());
    range.valueProperty().bindBidirectional(vm.rangeProperty());
    TextField since = new TextField();
    since.setId("export-since");
    since.setPromptText("since: 2026-11-22T10:00:00Z or 2h");
    since.textProperty().bindBidirectional(vm.sinceProperty());
    TextField until = new TextField();
    until.setId("export-until");
    until.setPromptText("until (blank: now)");
    until.textProperty().bindBidirectional(vm.untilProperty());
    HBox customBox = new HBox(6, since, until);
    customBox.visibleProperty().bind(vm.customRangeProperty());
    customBox.managedProperty().bind(customBox.visibleProperty());

    ComboBox<String> model = ModelChoice.comboBox(vm.models(), vm.modelProperty());
    model.setId("export-model");

    CheckBox bodies = new CheckBox("Include request and response bodies");
    bodies.setId("export-bodies");
    bodies.selectedProperty().bindBidirectional(vm.withBodiesProperty());
    bodies.disableProperty().bind(vm.bodiesApplyProperty().not());

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(6);
    grid.addRow(0, new Label("Format"), format);
    grid.addRow(1, new Label("Range"), range);
    grid.add(customBox, 1, 2);
    grid.addRow(3, new Label("Model"), model);
    grid.add(bodies, 1, 4);
    grid.disableProperty().bind(vm.runningProperty());

    ProgressBar bar = new ProgressBar(0);
    bar.setId("export-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    Label message = new Label();
    message.setId("export-message");
    message.setWrapText(true);
    message.setMaxWidth(460);
    message.textProperty().bind(vm.messageProperty());
    Label error = new Label();
    error.setId("export-error");
    error.setWrapText(true);
    error.setMaxWidth(460);
    error.getStyleClass().add("error-banner");
    error.textProperty().bind(vm.errorProperty());
    error.visibleProperty().bind(vm.errorProperty().isNotNull());
    error.managedProperty().bind(error.visibleProperty());

    Button start = new Button("Export…");
    start.setId("export-start");
    start.setDefaultButton(true);
    start.disableProperty().bind(vm.runningProperty());
    start.setOnAction(e -> chooseAndStart());
    Button cancel = new Button("Cancel");
    cancel.setId("export-cancel");
    cancel.disableProperty().bind(vm.runningProperty().not());
    cancel.setOnAction(e -> vm.cancel());
    Button close = new Button("Close");
    close.setId("export-close");
    close.setCancelButton(true);
    close.setOnAction(e -> stage.close());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox buttons = new HBox(8, grow, cancel, close, start);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    VBox box = new VBox(10, grid, bar, message, error, buttons);
    box.setPadding(new Insets(14));
    box.setPrefWidth(500);
    return box;
  }

  static String describe(ExportFormat f) {
    return switch (f) {
      case SESSION -> "Session (.tokentap): everything, reopens in TokenTap";
      case HAR -> "HAR 1.2 (.har): for browser tools";
      case CSV -> "CSV (.csv): one line per exchange, no bodies";
      case JSONL -> "JSONL (.jsonl): chat exchanges as a fine-tuning dataset";
    };
  }
}
