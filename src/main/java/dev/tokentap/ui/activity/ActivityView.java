package dev.tokentap.ui.activity;

import dev.tokentap.model.ByteSize;
import dev.tokentap.store.ExchangeOrder;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.FxTicker;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.util.Duration;
import javafx.util.Subscription;

/** The activity table: one line per exchange, newest first, running ones ticking on top. */
public final class ActivityView {

  /** How often running lines are redrawn. */
  private static final Duration TICK = Duration.millis(250);

  /**
   * How long the table's length may lag the history while it follows the newest line (new lines
   * show at once; the scroll bar's range catches up).
   */
  private static final Duration LENGTH_CATCHES_UP = Duration.seconds(3);

  private final ActivityViewModel vm;
  private final TableView<ActivityItem> table = new TableView<>();
  private Consumer<ActivityRow> onInspect = r -> {};
  private long selectedId = -1; // the exchange the user selected, kept across re-reads
  private boolean rowsChanging; // the selection moves with the rows now, not by the user

  public ActivityView(ActivityViewModel vm) {
    this.vm = vm;
    table.setId("activity-table");
    table.getStyleClass().add("activity-table");
    // Registered before the table's lines (TableLines listens to the rows, the table to it) and
    // keepPlace after them: a selection change between the two is the selection model following
    // the rows, not the user's choice.
    vm.rows().addListener((ListChangeListener<ActivityItem>) c -> rowsChanging = true);
    TableLines lines =
        new TableLines(
            vm.rows(),
            () -> vm.followProperty().get(),
            catchUp -> {
              PauseTransition wait = new PauseTransition(LENGTH_CATCHES_UP);
              wait.setOnFinished(e -> catchUp.run());
              wait.play();
            });
    vm.followProperty().subscribe(on -> lines.catchUp());
    table.setItems(lines);
    table.setFixedCellSize(24);
    table.setPlaceholder(new Label("No exchanges yet."));
    // The columns share the table's width: a column cut off at the window's edge, its number
    // changing there, made JavaFX repaint the whole window (the change had no area on screen).
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    addColumns();
    table.setSortPolicy(
        t -> {
          if (t.getSortOrder().isEmpty()) {
            vm.sort(ExchangeOrder.NEWEST_FIRST);
          } else {
            TableColumn<ActivityItem, ?> c = t.getSortOrder().getFirst();
            vm.sort(
                new ExchangeOrder(c.getId(), c.getSortType() == TableColumn.SortType.DESCENDING));
          }
          return true;
        });
    table.setRowFactory(t -> new ActivityTableRow());
    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            inspectSelected();
            e.consume();
          } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            ActivityItem item = table.getSelectionModel().getSelectedItem();
            if (item != null && vm.cancel(item)) {
              e.consume();
            }
          }
        });
    vm.rows().addListener(this::keepPlace);
    table
        .getSelectionModel()
        .selectedItemProperty()
        .subscribe(
            item -> {
              if (item != null && !item.row().isLoading() && !rowsChanging) {
                selectedId = item.row().id();
              }
            });
    FxTicker.every(
        table,
        TICK,
        () -> {
          vm.tick();
          keepSelection();
        });
  }

  public Node root() {
    return table;
  }

  /** The table (for focus, column widths and tests). */
  public TableView<ActivityItem> table() {
    return table;
  }

  /** What happens on double-click or Enter on a line. */
  public void setOnInspect(Consumer<ActivityRow> action) {
    this.onInspect = action;
  }

  private void inspectSelected() {
    inspect(table.getSelectionModel().getSelectedItem());
  }

  /**
   * Opens the line's exchange in the inspector. A line still being read (the table was read again
   * just before) opens once its row is read, if it is still the selected line then.
   */
  private void inspect(ActivityItem item) {
    if (item == null) {
      return;
    }
    if (!item.row().isLoading()) {
      onInspect.accept(item.row());
      return;
    }
    Subscription[] waiting = new Subscription[1]; // sees the loading row first, then changes
    waiting[0] =
        item.rowProperty()
            .subscribe(
                now -> {
                  if (!now.isLoading()) {
                    waiting[0].unsubscribe();
                    if (table.getSelectionModel().getSelectedItem() == item) {
                      onInspect.accept(now);
                    }
                  }
                });
  }

  /**
   * When the table was read again (filter, order, or rows it could not place), the selected line
   * went with it: select the same exchange again once its row is read.
   */
  private void keepSelection() {
    ActivityItem selected = table.getSelectionModel().getSelectedItem();
    if (selectedId < 0 || (selected != null && selected.row().id() == selectedId)) {
      return; // nothing chosen, or still in place (a line the user chose sets selectedId)
    }
    int index = vm.indexOf(selectedId);
    if (index >= 0) {
      table.getSelectionModel().clearAndSelect(index);
    }
  }

  /** New lines on top: follow them, or keep the lines being read where they are. */
  private void keepPlace(ListChangeListener.Change<? extends ActivityItem> c) {
    rowsChanging = false;
    int addedOnTop = 0;
    while (c.next()) {
      if (c.wasAdded() && !c.wasReplaced()) {
        addedOnTop += c.getAddedSize();
      }
      if (c.wasRemoved() && !c.wasReplaced()) {
        addedOnTop -= c.getRemovedSize();
      }
    }
    if (vm.followProperty().get()) {
      if (!table.getItems().isEmpty()) {
        table.scrollTo(0);
      }
      keepSelection(); // the lines may have moved under a selection that stayed in place
      return;
    }
    if (addedOnTop > 0 && table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
      IndexedCell<?> first = flow.getFirstVisibleCell();
      if (first != null && first.getIndex() > 0) {
        table.scrollTo(first.getIndex() + addedOnTop);
      }
    }
  }

  private void addColumns() {
    table
        .getColumns()
        .setAll(
            List.of(
                column("Time", "started_at", 70, 60, r -> Formats.timeOfDay(r.startedAt())),
                column("Method", "method", 55, 45, ActivityRow::method),
                column("Endpoint", "path", 160, 100, ActivityRow::path),
                column("Model", "model", 150, 100, ActivityRow::model),
                column("Status", "status", 130, 90, StatusText::of),
                column("Stream", "streamed", 50, 40, r -> r.streamed() ? "yes" : "no"),
                turnColumn(),
                number("Prompt", "prompt_tokens", r -> Formats.count(r.promptTokens())),
                number("Cached", "cached_tokens", r -> Formats.count(r.cachedTokens())),
                number("Generated", "completion_tokens", ActivityView::generatedText),
                contextColumn(),
                number("Prompt tok/s", "prompt_tps", r -> Formats.rate(r.promptTps())),
                number("Gen tok/s", "gen_tps", r -> Formats.rate(r.genTps())),
                number("TTFT", "ttft_ms", r -> Formats.millis(r.ttftMs())),
                number("Duration", "duration_ms", r -> Formats.millis(r.durationMs())),
                number("Size", "response_bytes", r -> ByteSize.format(r.responseBytes()))));
  }

  /** Prompt plus generated tokens over the server's n_ctx; not sortable (not stored). */
  private TableColumn<ActivityItem, ActivityRow> contextColumn() {
    TableColumn<ActivityItem, ActivityRow> c = new TableColumn<>("Context");
    c.setId("context");
    c.setPrefWidth(60);
    c.setMinWidth(NUMBER_MIN_WIDTH);
    c.setSortable(false);
    c.getStyleClass().add("number");
    c.setCellValueFactory(cd -> cd.getValue().rowProperty());
    c.setCellFactory(
        col ->
            new RowCell(
                r -> {
                  Double p = vm.contextPercent(r);
                  return p == null ? null : Math.round(p) + "%";
                },
                r -> {
                  Double p = vm.contextPercent(r);
                  return p != null && p > HIGH_CONTEXT_PERCENT;
                }));
    vm.contextSizeProperty().addListener((o, a, b) -> table.refresh());
    return c;
  }

  /**
   * The exchange's turn in its conversation; a turn whose prompt cache missed is marked {@code
   * :cache-miss} and says why in its tooltip. Not sortable (live rows have no turn yet).
   */
  private TableColumn<ActivityItem, ActivityRow> turnColumn() {
    TableColumn<ActivityItem, ActivityRow> c = new TableColumn<>("Turn");
    c.setId("turn");
    c.setPrefWidth(90);
    c.setMinWidth(50);
    c.setSortable(false);
    c.setCellValueFactory(cd -> cd.getValue().rowProperty());
    c.setCellFactory(col -> new TurnCell());
    return c;
  }

  /** Over this share of the slot's context a row's Context cell is yellow. */
  static final double HIGH_CONTEXT_PERCENT = 90;

  private static String generatedText(ActivityRow r) {
    if (r.usageMissing()) {
      return "? not reported";
    }
    return Formats.count(r.completionTokens());
  }

  private TableColumn<ActivityItem, ActivityRow> number(
      String title, String sortColumn, Function<ActivityRow, String> text) {
    TableColumn<ActivityItem, ActivityRow> c =
        column(title, sortColumn, 68, NUMBER_MIN_WIDTH, text);
    c.getStyleClass().add("number");
    return c;
  }

  /** The narrowest a number column gets when the columns share a narrow window. */
  private static final double NUMBER_MIN_WIDTH = 42;

  private TableColumn<ActivityItem, ActivityRow> column(
      String title,
      String sortColumn,
      double width,
      double minWidth,
      Function<ActivityRow, String> text) {
    TableColumn<ActivityItem, ActivityRow> c = new TableColumn<>(title);
    c.setId(sortColumn);
    c.setPrefWidth(width);
    c.setMinWidth(minWidth);
    c.setCellValueFactory(cd -> cd.getValue().rowProperty());
    c.setCellFactory(col -> new RowCell(text));
    return c;
  }

  private static final PseudoClass NOT_REPORTED = PseudoClass.getPseudoClass("not-reported");
  private static final PseudoClass IN_FLIGHT = PseudoClass.getPseudoClass("in-flight");
  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass USAGE_MISSING = PseudoClass.getPseudoClass("usage-missing");
  private static final PseudoClass CONTEXT_HIGH = PseudoClass.getPseudoClass("context-high");
  private static final Tooltip NOT_REPORTED_TIP =
      new Tooltip("Not reported by the server (this is not a zero).");

  /**
   * A cell: its text, greyed when the value is not reported. States are pseudo-classes, not style
   * classes: switching one does not make JavaFX recompute the cell's whole style (it did, at 1,000
   * rows a second).
   */
  private static final class RowCell extends LineCell {
    private final Function<ActivityRow, String> text;
    private final Predicate<ActivityRow> high;

    RowCell(Function<ActivityRow, String> text) {
      this(text, r -> false);
    }

    /** {@code high}: the cell is marked {@code :context-high} (yellow). */
    RowCell(Function<ActivityRow, String> text, Predicate<ActivityRow> high) {
      this.text = text;
      this.high = high;
    }

    @Override
    protected void updateItem(ActivityRow r, boolean empty) {
      super.updateItem(r, empty);
      boolean unknown = false;
      boolean isHigh = false;
      if (empty || r == null) {
        setText(null);
      } else if (r.isLoading()) {
        setText("…");
      } else {
        String t = text.apply(r);
        String s = t == null ? Formats.NOT_REPORTED : t;
        setText(s);
        unknown = Formats.NOT_REPORTED.equals(s) || s.startsWith("?");
        isHigh = high.test(r);
      }
      pseudoClassStateChanged(NOT_REPORTED, unknown);
      pseudoClassStateChanged(CONTEXT_HIGH, isHigh);
      Tooltip tip = unknown ? NOT_REPORTED_TIP : null;
      if (getTooltip() != tip) {
        setTooltip(tip);
      }
    }
  }

  /** A line: styled as running, failed or missing usage; right-click to cancel or inspect. */
  private final class ActivityTableRow extends TableRow<ActivityItem> {
    private final MenuItem cancel = new MenuItem("Cancel request");
    private final MenuItem inspect = new MenuItem("Inspect");

    ActivityTableRow() {
      cancel.setOnAction(e -> vm.cancel(getItem()));
      inspect.setOnAction(e -> onInspect.accept(getItem().row()));
      ContextMenu menu = new ContextMenu(inspect, cancel);
      menu.setOnShowing(e -> cancel.setDisable(getItem() == null || !vm.isRunning(getItem())));
      setOnMouseClicked(
          e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
              inspect(getItem());
            }
          });
      itemProperty()
          .addListener(
              (o, a, b) -> {
                setContextMenu(b == null ? null : menu);
                restyle();
              });
    }

    private final javafx.beans.value.ChangeListener<ActivityRow> rowChanged =
        (o, a, b) -> restyle();

    @Override
    protected void updateItem(ActivityItem item, boolean empty) {
      ActivityItem old = getItem();
      if (old != null) {
        old.rowProperty().removeListener(rowChanged);
      }
      super.updateItem(item, empty);
      if (item != null && !empty) {
        item.rowProperty().addListener(rowChanged);
      }
      restyle();
    }

    private void restyle() {
      ActivityItem item = getItem();
      ActivityRow r = item == null || isEmpty() ? null : item.row();
      pseudoClassStateChanged(IN_FLIGHT, r != null && r.inFlight());
      pseudoClassStateChanged(FAILED, r != null && r.failed());
      pseudoClassStateChanged(USAGE_MISSING, r != null && !r.failed() && r.usageMissing());
    }
  }
}
