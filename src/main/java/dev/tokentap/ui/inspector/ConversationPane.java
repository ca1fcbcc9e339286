package dev.tokentap.ui.inspector;

import dev.tokentap.conversation.CacheMissAnalysis;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.fx.Formats;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The inspector's Conversation tab: the turns of the exchange's conversation (prompt growth, cached
 * and new prompt tokens, generated tokens, time, the cache verdict and the prompt time it lost),
 * and for a {@code prompt_changed} turn the changed part before and after, side by side. Built from
 * an {@link Inspection} read on the worker; no reads here.
 */
final class ConversationPane {

  private final VBox root = new VBox(6);
  private final Label summary = new Label();
  private final TableView<StoredExchange> table = new TableView<>();
  private final Label changeTitle = new Label();
  private final TextArea before = new TextArea();
  private final TextArea after = new TextArea();
  private final GridPane sideBySide = new GridPane(8, 4);

  ConversationPane() {
    root.setId("conversation");
    root.setPadding(new Insets(6));
    summary.setId("conversation-summary");
    summary.setWrapText(true);
    summary.getStyleClass().add("inspector-note");
    table.setId("conversation-table");
    table.setFixedCellSize(22);
    table.setPlaceholder(new Label("Not a turn of a conversation."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    addColumns();
    changeTitle.setId("conversation-change");
    changeTitle.setWrapText(true);
    for (TextArea t : List.of(before, after)) {
      t.setEditable(false);
      t.setWrapText(true);
      t.setPrefRowCount(6);
      GridPane.setHgrow(t, Priority.ALWAYS);
    }
    before.setId("conversation-before");
    after.setId("conversation-after");
    sideBySide.addRow(0, new Label("Before (previous turn)"), new Label("After (this turn)"));
    sideBySide.addRow(1, before, after);
    VBox change = new VBox(4, changeTitle, sideBySide);
    change.managedProperty().bind(change.visibleProperty());
    change.visibleProperty().bind(changeTitle.textProperty().isNotEmpty());
    root.getChildren().addAll(summary, table, change);
    VBox.setVgrow(table, Priority.ALWAYS);
  }

  Node root() {
    return root;
  }

  void show(Inspection i) {
    ConversationTurns c = i.conversation();
    StoredExchange row = i.row();
    table.getItems().setAll(c.turns());
    table.getSelectionModel().clearSelection();
    table.getSelectionModel().select(row);
    if (c.turns().isEmpty()) {
      summary.setText(
          row.conversationId().isEmpty()
              ? "This exchange is in no conversation (not a chat turn, or recorded before"
                  + " TokenTap linked turns)."
              : "The turns of conversation " + row.conversationId() + " are no longer stored.");
    } else {
      summary.setText(summary(row, c.turns()));
    }
    ConversationTurns.Change ch = c.change();
    if (ch == null) {
      changeTitle.setText(row.cacheMiss().isEmpty() ? "" : row.cacheNote());
      before.clear();
      after.clear();
      sideBySide.setVisible(false);
    } else {
      changeTitle.setText(row.cacheNote());
      before.setText(ch.before());
      after.setText(ch.after());
      sideBySide.setVisible(true);
      before.positionCaret(Math.min(ch.where().offset(), ch.before().length()));
      after.positionCaret(Math.min(ch.where().offset(), ch.after().length()));
    }
  }

  private static String summary(StoredExchange row, List<StoredExchange> turns) {
    double lost = 0;
    long missed = 0;
    for (StoredExchange t : turns) {
      Double s = ConversationTurns.secondsLost(t);
      lost += s == null || t.cacheMiss().isEmpty() ? 0 : s;
      missed += t.cacheMiss().isEmpty() ? 0 : 1;
    }
    return "Conversation "
        + row.conversationId()
        + ": "
        + turns.size()
        + (turns.size() == 1 ? " turn" : " turns")
        + "; this is turn "
        + row.turn()
        + ". "
        + (missed == 0
            ? "The cache missed on no turn."
            : "The cache missed on "
                + missed
                + (missed == 1 ? " turn" : " turns")
                + ", costing "
                + CacheMissAnalysis.duration(lost)
                + " of prompt processing.");
  }

  private void addColumns() {
    table
        .getColumns()
        .setAll(
            List.of(
                column("Turn", 45, t -> String.valueOf(t.turn())),
                column("Time", 80, t -> Formats.timeOfDay(t.startedAt())),
                column("Prompt", 90, this::prompt),
                column("Cached", 70, t -> Formats.count(t.cachedTokens())),
                column("New", 70, ConversationPane::fresh),
                column("Generated", 75, t -> Formats.count(t.completionTokens())),
                column("Duration", 75, t -> Formats.millis(t.durationMs())),
                column("Cache", 110, t -> t.cacheMiss().isEmpty() ? "" : t.cacheMiss()),
                column("Prompt time lost", 110, ConversationPane::lost)));
  }

  /** The prompt's size and its growth over the previous turn. */
  private String prompt(StoredExchange t) {
    String n = Formats.count(t.promptTokens());
    int i = table.getItems().indexOf(t);
    if (i <= 0 || t.promptTokens() == null) {
      return n;
    }
    Long before = table.getItems().get(i - 1).promptTokens();
    return before == null ? n : n + " (+" + Formats.count(t.promptTokens() - before) + ")";
  }

  /** Prompt tokens the server processed: the prompt less what it reused. */
  private static String fresh(StoredExchange t) {
    if (t.promptTokens() == null || t.cachedTokens() == null) {
      return null;
    }
    return Formats.count(t.promptTokens() - Math.min(t.cachedTokens(), t.promptTokens()));
  }

  private static String lost(StoredExchange t) {
    Double s = ConversationTurns.secondsLost(t);
    return s == null || t.cacheLostTokens() == 0 ? "" : CacheMissAnalysis.duration(s);
  }

  private static TableColumn<StoredExchange, String> column(
      String title, double width, Function<StoredExchange, String> text) {
    TableColumn<StoredExchange, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setSortable(false);
    c.setCellValueFactory(
        d -> {
          String s = text.apply(d.getValue());
          return new ReadOnlyObjectWrapper<>(s == null ? Formats.NOT_REPORTED : s);
        });
    return c;
  }
}
