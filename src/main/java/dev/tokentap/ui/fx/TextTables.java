package dev.tokentap.ui.fx;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** Read-only tables of words and figures: the dashboard's, the Clients tab's, the Server tab's. */
public final class TextTables {

  private TextTables() {}

  /** Sets {@code table}'s id, what it says when empty, a filling last column and its columns. */
  public static <S> void setUp(
      TableView<S> table, String id, String empty, List<TableColumn<S, String>> columns) {
    table.setId(id);
    table.setPlaceholder(new Label(empty));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().setAll(columns);
  }

  /** A column of text, not sortable. */
  public static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
    TableColumn<S, String> c = new TableColumn<>(title);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    c.setSortable(false);
    return c;
  }

  /** A column of figures (right-aligned by the style sheet's {@code number} class). */
  public static <S> TableColumn<S, String> number(String title, Function<S, String> value) {
    TableColumn<S, String> c = column(title, value);
    c.getStyleClass().add("number");
    return c;
  }
}
