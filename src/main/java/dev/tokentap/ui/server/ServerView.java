package dev.tokentap.ui.server;

import dev.tokentap.ui.fx.FxTicker;
import dev.tokentap.ui.fx.TextTables;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Server tab: the model server live (read only while the tab shows or exchanges run): a
 * headline (kind, build, model, n_ctx, slots), a plain note when something is missing, the slots
 * (idle, processing the prompt, generating) and the server's own figures.
 */
public final class ServerView {

  private final VBox root = new VBox(8);
  private final TableView<ServerLines.SlotRow> slots = new TableView<>();
  private final TableView<ServerLines.Figure> figures = new TableView<>();

  public ServerView(ServerViewModel vm) {
    root.setId("server-tab");
    root.setPadding(new Insets(8));
    Label headline = new Label();
    headline.setId("server-headline");
    headline.setWrapText(true);
    headline.textProperty().bind(vm.headlineProperty());
    Label note = new Label();
    note.setId("server-note");
    note.setWrapText(true);
    note.textProperty().bind(vm.noteProperty());
    note.visibleProperty().bind(Bindings.isNotNull(vm.noteProperty()));
    note.managedProperty().bind(note.visibleProperty());

    TextTables.setUp(
        slots,
        "server-slots",
        "No slots shown.",
        List.of(
            TextTables.column("Slot", ServerLines.SlotRow::slot),
            TextTables.column("State", ServerLines.SlotRow::state),
            TextTables.number("Speed", ServerLines.SlotRow::speed),
            TextTables.number("Context used", ServerLines.SlotRow::context)));
    slots.getColumns().get(0).setPrefWidth(60);
    slots.getColumns().get(1).setPrefWidth(480);
    slots.getColumns().get(2).setPrefWidth(130);
    slots.setItems(vm.slots());
    slots.setPrefHeight(160);
    TextTables.setUp(
        figures,
        "server-figures",
        "No figures from the server.",
        List.of(
            TextTables.column("Name", ServerLines.Figure::name),
            TextTables.number("Value", ServerLines.Figure::value)));
    figures.getColumns().get(0).setPrefWidth(360);
    figures.setItems(vm.figures());
    VBox.setVgrow(figures, Priority.ALWAYS);

    root.getChildren().setAll(headline, note, slots, figures);
    FxTicker.every(root, Duration.millis(250), vm::tick);
  }

  public Node root() {
    return root;
  }

  /** The slots table (for tests). */
  public TableView<?> slotsTable() {
    return slots;
  }
}
