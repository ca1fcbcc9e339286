package dev.tokentap.ui.inspector;

import dev.tokentap.model.Header;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * One side of an exchange (request or response): its headers in a table, its body pretty or raw
 * (highlighted up to {@link BodyText#HIGHLIGHT_LIMIT}, virtualized lines beyond), the table's
 * filter text marked in it ({@link SearchMatches}), copy and save.
 */
final class BodyPane {

  private final String idPrefix;
  private final TableView<Header> headers = new TableView<>();
  private final BorderPane bodyBox = new BorderPane();
  private final Label note = new Label();
  private final ToggleButton pretty = new ToggleButton("Pretty");
  private final ToggleButton raw = new ToggleButton("Raw");
  private final Button copy = new Button("Copy body");
  private final Button save = new Button("Save body…");
  private final SplitPane root = new SplitPane();
  private BodyText body;
  private String match; // the table's filter text, marked in the body; null for none

  BodyPane(String idPrefix, Runnable onCopy, Runnable onSave) {
    this.idPrefix = idPrefix;
    headers.setId(idPrefix + "-headers");
    headers.setPlaceholder(new Label("No headers captured."));
    headers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    headers.setFixedCellSize(22);
    TableColumn<Header, String> name = new TableColumn<>("Header");
    name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
    name.setPrefWidth(160);
    TableColumn<Header, String> value = new TableColumn<>("Value");
    value.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().value()));
    value.setCellFactory(c -> new ValueCell());
    headers.getColumns().setAll(List.of(name, value));

    ToggleGroup mode = new ToggleGroup();
    pretty.setToggleGroup(mode);
    raw.setToggleGroup(mode);
    pretty.setId(idPrefix + "-pretty");
    raw.setId(idPrefix + "-raw");
    pretty.setSelected(true);
    mode.selectedToggleProperty()
        .addListener(
            (o, was, now) -> {
              if (now == null) {
                was.setSelected(true); // one of the two stays chosen
              } else {
                showBody();
              }
            });
    copy.setId(idPrefix + "-copy");
    copy.setOnAction(e -> onCopy.run());
    save.setId(idPrefix + "-save");
    save.setOnAction(e -> onSave.run());
    note.getStyleClass().add("inspector-note");
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar = new HBox(6, note, grow, pretty, raw, copy, save);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 6, 4, 6));
    bodyBox.setTop(bar);
    bodyBox.setId(idPrefix + "-body");

    root.setOrientation(Orientation.VERTICAL);
    root.getItems().setAll(headers, bodyBox);
    root.setDividerPositions(0.3);
  }

  Node root() {
    return root;
  }

  /** Shows one exchange's side; {@code body} null when none was captured. */
  void show(List<Header> headerList, BodyText body, boolean captured) {
    headers.getItems().setAll(headerList);
    this.body = body;
    if (!captured) {
      note.setText("No capture kept for this exchange (captures off, or pruned).");
    } else if (body == null) {
      note.setText("No body.");
    } else {
      note.setText(body.note() + (body.isLarge() ? " · large: plain lines" : ""));
    }
    boolean json = body != null && body.isJson();
    pretty.setDisable(!json);
    copy.setDisable(body == null);
    save.setDisable(body == null);
    showBody();
  }

  /** Marks {@code text} (the table's filter text; null or blank: nothing) in the body shown. */
  void setMatch(String text) {
    String m = text == null || text.isBlank() ? null : text.strip();
    if (!java.util.Objects.equals(m, match)) {
      match = m;
      showBody();
    }
  }

  private void showBody() {
    if (body == null) {
      bodyBox.setCenter(null);
      return;
    }
    boolean showPretty = pretty.isSelected() && body.isJson();
    Node view;
    if (body.isLarge()) {
      view = StyledText.lines(showPretty ? body.prettyLines() : body.rawLines(), match);
    } else {
      ScrollPane scroll =
          new ScrollPane(
              StyledText.flow(showPretty ? body.prettyStyled() : body.rawStyled(), match));
      scroll.setFitToWidth(true);
      view = scroll;
    }
    view.setId(idPrefix + "-body-view");
    view.getProperties().put("mode", showPretty ? "pretty" : "raw");
    bodyBox.setCenter(view);
  }

  /** A header value, its redacted part marked. */
  private static final class ValueCell extends TableCell<Header, String> {
    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setText(null);
        setGraphic(null);
      } else if (item.contains(JsonHighlighter.REDACTED)) {
        setText(null);
        setGraphic(StyledText.line(item));
      } else {
        setText(item);
        setGraphic(null);
      }
    }
  }

  /** The name used in messages: "request" or "response". */
  static String sideName(InspectorViewModel.Side side) {
    return side.name().toLowerCase(Locale.ROOT);
  }
}
