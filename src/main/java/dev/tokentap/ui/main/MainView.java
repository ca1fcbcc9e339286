package dev.tokentap.ui.main;

import dev.tokentap.model.Endpoint;
import dev.tokentap.server.UpstreamProbe;
import dev.tokentap.ui.activity.ActivityView;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.fx.FxTicker;
import dev.tokentap.ui.fx.ModelChoice;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * The main window's content: menu bar, top bar (listen, upstream and its health, record, follow,
 * filters), a notice when something needs doing, the summary, the tabs (activity first) with an
 * optional side pane, and a status line.
 */
public final class MainView {

  /** How often the upstream's health is asked. */
  private static final Duration HEALTH_EVERY = Duration.seconds(5);

  private final MainViewModel vm;
  private final ActivityView activity;
  private final BorderPane root = new BorderPane();
  private final MenuBar menuBar = new MenuBar();
  private final VBox top = new VBox();
  private final VBox summarySlot = new VBox();
  private final TabPane tabs = new TabPane();
  private final SplitPane center = new SplitPane();
  private final Label status = new Label();
  private final TextField filter = new TextField();
  private final TextField listen = new TextField();

  public MainView(MainViewModel vm) {
    this.vm = vm;
    this.activity = new ActivityView(vm.activity());
    root.getStyleClass().add("main-view");
    menuBar.setUseSystemMenuBar(true);
    top.getChildren()
        .addAll(
            menuBar,
            vm.isReadOnly() ? readOnlyBar() : topBar(),
            filterBar(),
            banner(),
            summarySlot);
    root.setTop(top);
    Tab activityTab = new Tab("Activity", activity.root());
    activityTab.setClosable(false);
    tabs.getTabs().add(activityTab);
    tabs.setId("main-tabs");
    center.getItems().add(tabs);
    root.setCenter(center);
    status.textProperty().bind(vm.activity().statusProperty());
    status.setId("status-line");
    HBox statusBar = new HBox(status);
    statusBar.getStyleClass().add("status-bar");
    statusBar.setPadding(new Insets(2, 8, 2, 8));
    root.setBottom(statusBar);
    if (!vm.isReadOnly()) {
      FxTicker.every(root, HEALTH_EVERY, vm::checkUpstream);
      vm.checkUpstream();
    }
  }

  public Parent root() {
    return root;
  }

  public ActivityView activity() {
    return activity;
  }

  /** The menu bar, for the menus wired in by the app. */
  public MenuBar menuBar() {
    return menuBar;
  }

  /** The filter field (Ctrl+F focuses it). */
  public TextField filterField() {
    return filter;
  }

  /** The listen address field (Ctrl+L focuses it). */
  public TextField listenField() {
    return listen;
  }

  /**
   * Marks a demo run: a banner under the menu bar saying {@code text}, and "DEMO" at the start of
   * the status line.
   */
  public void markDemo(String text) {
    Label banner = new Label(text);
    banner.setId("demo-banner");
    banner.getStyleClass().add("demo-banner");
    banner.setMaxWidth(Double.MAX_VALUE);
    top.getChildren().add(1, banner);
    status.textProperty().unbind();
    status.textProperty().bind(Bindings.concat("DEMO · ", vm.activity().statusProperty()));
  }

  /** Shows {@code node} above the tabs (the summary tiles). */
  public void setSummary(Node node) {
    summarySlot.getChildren().setAll(node);
  }

  /**
   * Adds a tab after the existing ones. Its content joins the scene when the tab is first chosen: a
   * launch styles and lays out only the tab it shows.
   */
  public Tab addTab(String title, Node content) {
    Tab tab = new Tab(title);
    tab.setClosable(false);
    tab.selectedProperty()
        .subscribe(
            selected -> {
              if (selected && tab.getContent() == null) {
                tab.setContent(content);
              }
            });
    tabs.getTabs().add(tab);
    return tab;
  }

  /** Shows {@code pane} beside the tabs (the inspector); null hides it. */
  public void setSidePane(Node pane) {
    if (center.getItems().size() > 1) {
      center.getItems().remove(1);
    }
    if (pane != null) {
      center.getItems().add(pane);
      center.setDividerPositions(0.55);
    }
  }

  private Node readOnlyBar() {
    Label label = new Label("Read-only session: " + vm.readOnlySource());
    label.setId("read-only-label");
    label.setTooltip(new Tooltip("An opened file: nothing is forwarded or recorded here."));
    HBox bar = new HBox(6, label);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(6, 8, 4, 8));
    bar.getStyleClass().addAll("top-bar", "read-only-bar");
    return bar;
  }

  private Node topBar() {
    listen.setId("listen-field");
    listen.setPrefColumnCount(14);
    listen.textProperty().bindBidirectional(vm.listenProperty());
    listen.setOnAction(e -> vm.applyListen());
    listen.setTooltip(new Tooltip("Where clients connect (HOST:PORT). Enter applies it."));

    TextField upstream = new TextField();
    upstream.setId("upstream-field");
    upstream.setPrefColumnCount(22);
    upstream.textProperty().bindBidirectional(vm.upstreamProperty());
    upstream.setOnAction(e -> vm.applyUpstream());
    upstream.setTooltip(new Tooltip("The model server's base URL. Enter applies it."));

    Circle dot = new Circle(5);
    dot.getStyleClass().add("health-dot");
    Label health = new Label();
    health.setId("upstream-health");
    health.textProperty().bind(vm.healthTextProperty());
    vm.healthProperty()
        .addListener(
            (o, a, h) -> {
              dot.getStyleClass().removeAll("ready", "loading", "other", "down");
              dot.getStyleClass().add(dotStyle(h));
            });
    HBox healthBox = new HBox(4, dot, health);
    healthBox.setAlignment(Pos.CENTER_LEFT);

    ToggleButton record = new ToggleButton("● Record");
    record.setId("record-toggle");
    record.selectedProperty().bindBidirectional(vm.recordingProperty());
    record.setTooltip(new Tooltip("Off: requests are still forwarded, but not recorded or shown."));

    ToggleButton follow = new ToggleButton("Follow newest");
    follow.setId("follow-toggle");
    follow.selectedProperty().bindBidirectional(vm.activity().followProperty());

    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar =
        new HBox(
            6,
            new Label("Listen"),
            listen,
            new Label("→ Upstream"),
            upstream,
            healthBox,
            grow,
            record,
            follow);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(6, 8, 4, 8));
    bar.getStyleClass().add("top-bar");
    return bar;
  }

  private Node filterBar() {
    ActivityViewModel a = vm.activity();
    filter.setId("filter-field");
    filter.setPromptText("Filter: path, model, status, error, client, prompt or answer text…");
    filter.setPrefColumnCount(28);
    filter.textProperty().bindBidirectional(a.textProperty());

    ComboBox<String> model = ModelChoice.comboBox(a.models(), a.modelProperty());
    model.setId("model-filter");
    model.setPromptText(ModelChoice.ALL);

    ComboBox<Endpoint> endpoint = new ComboBox<>();
    endpoint.setId("endpoint-filter");
    endpoint.getItems().add(null);
    endpoint.getItems().addAll(Endpoint.values());
    endpoint.valueProperty().bindBidirectional(a.endpointProperty());
    endpoint.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Endpoint e) {
            return e == null ? "All endpoints" : e.code();
          }

          @Override
          public Endpoint fromString(String s) {
            return null;
          }
        });

    CheckBox errors = new CheckBox("Errors only");
    errors.setId("errors-only");
    errors.selectedProperty().bindBidirectional(a.errorsOnlyProperty());

    HBox bar = new HBox(6, filter, model, endpoint, errors);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(0, 8, 6, 8));
    bar.getStyleClass().add("filter-bar");
    return bar;
  }

  private Node banner() {
    return new VBox(
        banner("error", "error-banner", vm.errorProperty()),
        banner("store-problem", "error-banner", vm.storeProblemProperty()),
        banner("problem", "error-banner", vm.activity().problemProperty()),
        banner("notice", "notice", vm.noticeProperty()));
  }

  /** A line across the window showing {@code text}, hidden while it is null. */
  private static Label banner(String id, String style, ObservableStringValue text) {
    Label l = new Label();
    l.setId(id);
    l.setWrapText(true);
    l.getStyleClass().add(style);
    l.textProperty().bind(text);
    l.visibleProperty().bind(Bindings.isNotNull(text));
    l.managedProperty().bind(l.visibleProperty());
    l.setMaxWidth(Double.MAX_VALUE);
    return l;
  }

  private static String dotStyle(UpstreamProbe.Health h) {
    if (h == null) {
      return "down";
    }
    return switch (h) {
      case READY -> "ready";
      case LOADING -> "loading";
      case NOT_LLAMA_SERVER -> "other";
      case DOWN -> "down";
    };
  }
}
