package dev.tokentap.ui.settings;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Settings window (File &gt; Settings…, Ctrl+,): built in code over a {@link
 * SettingsViewModel}.
 */
public final class SettingsDialog {

  private final SettingsViewModel vm;
  private final Stage stage = new Stage();

  public SettingsDialog(SettingsViewModel vm, Window owner) {
    this.vm = vm;
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.setTitle("TokenTap Settings");
    Scene scene = new Scene(content());
    scene.getRoot().getStyleClass().add("settings-dialog");
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    stage.setScene(scene);
    vm.savedProperty().addListener((o, was, now) -> stage.close());
  }

  /** Shows the window and reads the settings into it. */
  public void show() {
    vm.load();
    stage.show();
  }

  public Stage stage() {
    return stage;
  }

  private Parent content() {
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(6);
    int row = 0;
    grid.add(heading("Forwarding"), 0, row++, 2, 1);
    row = field(grid, row, "Listen", "settings-listen", vm.listenProperty(), "HOST:PORT");
    row =
        field(
            grid, row, "Upstream", "settings-upstream", vm.upstreamProperty(), "http://HOST:PORT");
    grid.add(heading("Captures"), 0, row++, 2, 1);
    CheckBox capture = new CheckBox("Keep request and response captures (redacted, compressed)");
    capture.setId("settings-capture");
    capture.selectedProperty().bindBidirectional(vm.captureProperty());
    grid.add(capture, 0, row++, 2, 1);
    row = field(grid, row, "Body size cap", "settings-capture-cap", vm.captureCapProperty(), "16M");
    grid.add(heading("Server tab"), 0, row++, 2, 1);
    CheckBox serverStatus = new CheckBox("Read the model server's status (slots, props)");
    serverStatus.setId("settings-server-status");
    serverStatus.selectedProperty().bindBidirectional(vm.serverStatusProperty());
    grid.add(serverStatus, 0, row++, 2, 1);
    grid.add(heading("Retention (blank or none: no limit)"), 0, row++, 2, 1);
    row = field(grid, row, "Delete older than", "settings-keep-age", vm.keepAgeProperty(), "30d");
    row =
        field(
            grid,
            row,
            "Keep newest exchanges",
            "settings-keep-exchanges",
            vm.keepExchangesProperty(),
            "1000000");
    row =
        field(
            grid,
            row,
            "Keep captures up to",
            "settings-keep-captures",
            vm.keepCapturesProperty(),
            "1G");
    row =
        field(
            grid,
            row,
            "Keep summaries for",
            "settings-keep-summaries",
            vm.keepSummariesProperty(),
            "none");

    Label applies = new Label(SettingsViewModel.APPLIES);
    applies.setWrapText(true);
    applies.setMaxWidth(420);
    applies.getStyleClass().add("hint");
    Label where = new Label();
    where.textProperty().bind(vm.messageProperty());
    where.getStyleClass().add("hint");
    Label error = new Label();
    error.setId("settings-error");
    error.setWrapText(true);
    error.setMaxWidth(420);
    error.getStyleClass().add("error-banner");
    error.textProperty().bind(vm.errorProperty());
    error.visibleProperty().bind(vm.errorProperty().isNotNull());
    error.managedProperty().bind(error.visibleProperty());

    Button save = new Button("Save");
    save.setId("settings-save");
    save.setDefaultButton(true);
    save.disableProperty().bind(vm.busyProperty());
    save.setOnAction(e -> vm.save());
    Button cancel = new Button("Cancel");
    cancel.setCancelButton(true);
    cancel.setOnAction(e -> stage.close());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox buttons = new HBox(8, grow, cancel, save);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    VBox box = new VBox(10, grid, applies, where, error, buttons);
    box.setPadding(new Insets(14));
    return box;
  }

  private static Label heading(String text) {
    Label l = new Label(text);
    l.setStyle("-fx-font-weight: bold");
    return l;
  }

  private static int field(
      GridPane grid,
      int row,
      String label,
      String id,
      javafx.beans.property.StringProperty value,
      String prompt) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    f.setPrefColumnCount(24);
    f.textProperty().bindBidirectional(value);
    f.setTooltip(new Tooltip(prompt));
    grid.add(new Label(label), 0, row);
    grid.add(f, 1, row);
    return row + 1;
  }
}
