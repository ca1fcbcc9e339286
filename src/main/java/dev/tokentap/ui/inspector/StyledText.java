package dev.tokentap.ui.inspector;

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
    return flow(styled, null);
  }

  /**
   * As {@link #flow(Styled)}, each occurrence of {@code match} (the table's filter text; null for
   * none) marked as a {@link #MATCH_CLASS} label.
   */
  static TextFlow flow(Styled styled, String match) {
    String text = styled.text();
    List<Node> nodes = new ArrayList<>(styled.spans().size());
    for (SearchMatches.Piece s : SearchMatches.pieces(styled, match)) {
      String part = text.substring(s.start(), s.end());
      String style = "json-" + s.style().name().toLowerCase(Locale.ROOT);
      if (s.style() == JsonHighlighter.Style.REDACTED) {
        nodes.add(redactedMark());
      } else if (s.match()) {
        nodes.add(matchMark(part, style));
      } else {
        nodes.add(run(part, style));
      }
    }
    TextFlow flow = new TextFlow();
    flow.getChildren().setAll(nodes);
    flow.getStyleClass().add("code");
    return flow;
  }

  /** One line of plain text with its {@code [REDACTED]} marks, for a cell. */
  static Node line(String text) {
    return line(text, null);
  }

  /** As {@link #line(String)}, occurrences of {@code match} marked. */
  static Node line(String text, String match) {
    boolean marks = !SearchMatches.find(text, match).isEmpty();
    if (!marks && !text.contains(JsonHighlighter.REDACTED)) {
      return run(text, "json-plain");
    }
    TextFlow flow = flow(JsonHighlighter.marked(text), match);
    flow.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return flow;
  }

  /** A virtualized list of lines in a monospace font: for text of any length. */
  static ListView<String> lines(List<String> lines) {
    return lines(lines, null);
  }

  /** As {@link #lines(List)}, occurrences of {@code match} marked in each line. */
  static ListView<String> lines(List<String> lines, String match) {
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
                setGraphic(empty || item == null ? null : line(item, match));
              }
            });
    return list;
  }

  /** The style class of an occurrence of the filter text. */
  static final String MATCH_CLASS = "search-match";

  /** An occurrence of the filter text: its run on a highlighted background. */
  static Label matchMark(String text, String styleClass) {
    Label l = new Label(text);
    l.getStyleClass().addAll(MATCH_CLASS, styleClass);
    return l;
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
