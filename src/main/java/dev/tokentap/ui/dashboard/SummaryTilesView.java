package dev.tokentap.ui.dashboard;

import dev.tokentap.store.CacheMissStats;
import dev.tokentap.store.RangeStats;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.FxTicker;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * A row of summary tiles over the dashboard's range, with the range selector in front. It also
 * drives the dashboard's clock: {@link DashboardViewModel#tick()} once a second while the window
 * shows.
 */
public final class SummaryTilesView {

  private final DashboardViewModel vm;
  private final FlowPane root = new FlowPane(6, 6);
  private final List<Label> values;
  private final List<VBox> tiles;

  public SummaryTilesView(DashboardViewModel vm) {
    this.vm = vm;
    root.setId("summary-tiles");
    root.getStyleClass().add("summary-tiles");
    root.setPadding(new Insets(0, 8, 6, 8));
    root.setAlignment(Pos.CENTER_LEFT);

    ComboBox<DashboardRange> range = new ComboBox<>();
    range.setId("summary-range");
    range.getItems().setAll(DashboardRange.values());
    range.valueProperty().bindBidirectional(vm.rangeProperty());
    range.setTooltip(new Tooltip("The time range of the tiles, the charts and the clients."));
    root.getChildren().add(range);

    List<SummaryTile> initial = SummaryTile.of(null);
    values = initial.stream().map(t -> new Label(t.value())).toList();
    tiles =
        initial.stream()
            .map(
                t -> {
                  Label caption = new Label(t.caption());
                  caption.getStyleClass().add("tile-caption");
                  Label value = values.get(initial.indexOf(t));
                  value.getStyleClass().add("tile-value");
                  value.setId("tile-" + t.id());
                  VBox tile = new VBox(0, caption, value);
                  tile.getStyleClass().add("summary-tile");
                  Tooltip.install(tile, new Tooltip(t.help()));
                  return tile;
                })
            .toList();
    root.getChildren().addAll(tiles);
    root.getChildren().add(cacheMissTile());
    Label note = new Label();
    note.setId("summary-note");
    note.getStyleClass().add("summary-note");
    note.setWrapText(true);
    note.textProperty().bind(vm.noteProperty());
    note.visibleProperty().bind(vm.noteProperty().isNotNull());
    note.managedProperty().bind(note.visibleProperty());
    root.getChildren().add(note);
    vm.statsProperty().subscribe(this::show);
    FxTicker.every(root, Duration.seconds(1), vm::tick);
  }

  /**
   * Turns whose prompt cache missed in the range, with the prompt tokens they processed again;
   * flagged when there are any (the activity table's Turn column says which and why).
   */
  private VBox cacheMissTile() {
    Label caption = new Label("Cache misses");
    caption.getStyleClass().add("tile-caption");
    Label value = new Label("–");
    value.getStyleClass().add("tile-value");
    value.setId("tile-cache-misses");
    VBox tile = new VBox(0, caption, value);
    tile.getStyleClass().add("summary-tile");
    Tooltip.install(
        tile,
        new Tooltip(
            "Conversation turns whose prompt the server processed again for more than its new"
                + " part (prompt_changed or not_reused), and the prompt tokens that cost."));
    vm.snapshotProperty()
        .subscribe(
            s -> {
              CacheMissStats m = s == null ? null : s.misses();
              value.setText(
                  m == null
                      ? "–"
                      : Formats.count(m.turns())
                          + (m.turns() == 0 ? "" : " · " + Formats.count(m.lostTokens()) + " tok"));
              tile.getStyleClass().remove("flagged");
              if (m != null && m.turns() > 0) {
                tile.getStyleClass().add("flagged");
              }
            });
    return tile;
  }

  public Node root() {
    return root;
  }

  private void show(RangeStats stats) {
    List<SummaryTile> shown = SummaryTile.of(stats);
    for (int i = 0; i < shown.size(); i++) {
      SummaryTile t = shown.get(i);
      values
          .get(i)
          .setText(t.flagged() && t.id().equals("usage-missing") ? "⚠ " + t.value() : t.value());
      VBox tile = tiles.get(i);
      tile.getStyleClass().remove("flagged");
      if (shown.get(i).flagged()) {
        tile.getStyleClass().add("flagged");
      }
    }
  }
}
