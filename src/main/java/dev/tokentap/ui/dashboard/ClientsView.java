package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ClientStats;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.WhileShown;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * The Clients tab: one line per client (user agent, address, credential fingerprint) with its
 * requests and tokens today, this month and in the dashboard's range.
 */
public final class ClientsView {

  private final TableView<ClientStats> table = new TableView<>();
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);

  public ClientsView(DashboardViewModel vm) {
    table.setId("clients-table");
    table.getStyleClass().add("clients-table");
    table.setPlaceholder(new Label("No clients in this range, today or this month."));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    TableColumn<ClientStats, String> who = new TableColumn<>("Client");
    who.getColumns()
        .setAll(
            List.of(
                text("User agent", ClientStats::userAgent),
                text("Address", ClientStats::address),
                text("Credential", ClientStats::credentialFp)));
    TableColumn<ClientStats, String> range = new TableColumn<>("In range");
    vm.rangeProperty().subscribe(r -> range.setText("In range (" + r.label() + ")"));
    range.getColumns().setAll(usage(ClientStats::range));
    TableColumn<ClientStats, String> today = new TableColumn<>("Today");
    today.getColumns().setAll(usage(ClientStats::today));
    TableColumn<ClientStats, String> month = new TableColumn<>("This month");
    month.getColumns().setAll(usage(ClientStats::month));
    table.getColumns().setAll(List.of(who, range, today, month));
    WhileShown.apply(shown, vm.clientsProperty(), c -> table.getItems().setAll(c));
  }

  /** Whether the tab is on screen; only then are the lines filled in. */
  public BooleanProperty shownProperty() {
    return shown;
  }

  public Node root() {
    return table;
  }

  /** The table (for tests). */
  public TableView<ClientStats> table() {
    return table;
  }

  private static TableColumn<ClientStats, String> text(
      String title, Function<ClientStats, String> value) {
    return ChartsView.column(
        title,
        c -> {
          String v = value.apply(c);
          return v == null ? Formats.NOT_REPORTED : v;
        });
  }

  private static List<TableColumn<ClientStats, String>> usage(
      Function<ClientStats, ClientStats.Usage> period) {
    return List.of(
        ChartsView.number("Requests", c -> Formats.count(period.apply(c).requests())),
        ChartsView.number("Tokens", c -> Formats.count(period.apply(c).tokens())));
  }
}
