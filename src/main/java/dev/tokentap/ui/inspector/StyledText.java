package dev.tokentap.ui.inspector;

import dev.tokentap.ui.inspector.JsonHighlighter.Span;
import dev.tokentap.ui.inspector.JsonHighlighter.Styled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Puts styled text on screen: coloured runs in a flow, {@code [REDACTED]} marked visibly. */
final class StyledText {

  /** The tooltip of a redacted mark. */
  static final String REDACTED_TIP = "redacted by TokenTap before storing";

  private StyledText() {}

  /** A flow of runs, one per span (built on the FX thread from spans made on the worker). */
  static TextFlow flow(Styled styled) {
    String text = styled.text();
    List<Node> nodes = new ArrayList<>(styled.spans().size());
    for (Span s : styled.spans()) {
      String part = text.substring(s.start(), s.end());
      nodes.add(
          s.style() == JsonHighlighter.Style.REDACTED
              ? redactedMark()
              : run(part, "json-" + s.style().name().toLowerCase(Locale.ROOT)));
    }
    TextFlow flow = new TextFlow();
    flow.getChildren().setAll(nodes);
    flow.getStyleClass().add("code");
    return flow;
  }

  /** One line of plain text with its {@code [REDACTED]} marks, for a cell. */
  static Node line(String text) {
    if (!text.contains(JsonHighlighter.REDACTED)) {
      return run(text, "json-plain");
    }
    TextFlow flow = flow(JsonHighlighter.marked(text));
    flow.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return flow;
  }

  /** A virtualized list of lines in a monospace font: for text of any length. */
  static ListView<String> lines(List<String> lines) {
    ListView<String> list = new ListView<>();
    list.getStyleClass().add("code-lines");
    list.setFixedCellSize(18);
    list.setItems(javafx.collections.FXCollections.observableList(lines));
    list.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : line(item));
              }
            });
    return list;
  }

  /** The visible mark for a secret TokenTap replaced. */
  static Label redactedMark() {
    Label l = new Label(JsonHighlighter.REDACTED);
    l.getStyleClass().add("redacted");
    l.setTooltip(new Tooltip(REDACTED_TIP));
    return l;
  }

  private static Text run(String s, String styleClass) {
    Text t = new Text(s);
    t.getStyleClass().addAll("code-text", styleClass);
    return t;
  }
}
