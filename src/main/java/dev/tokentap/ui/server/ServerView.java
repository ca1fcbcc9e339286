package dev.tokentap.ui.server;

import dev.tokentap.ui.fx.FxTicker;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
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

    slots.setId("server-slots");
    slots.setPlaceholder(new Label("No slots shown."));
    slots.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    slots
        .getColumns()
        .setAll(
            List.of(
                column("Slot", ServerLines.SlotRow::slot),
                column("State", ServerLines.SlotRow::state),
                column("Speed", ServerLines.SlotRow::speed),
                column("Context used", ServerLines.SlotRow::context)));
    slots.setItems(vm.slots());
    slots.setPrefHeight(160);

    figures.setId("server-figures");
    figures.setPlaceholder(new Label("No figures from the server."));
    figures.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    figures
        .getColumns()
        .setAll(
            List.of(
                column("Name", ServerLines.Figure::name),
                column("Value", ServerLines.Figure::value)));
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

  private static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
    TableColumn<S, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    c.setSortable(false);
    return c;
  }
}
