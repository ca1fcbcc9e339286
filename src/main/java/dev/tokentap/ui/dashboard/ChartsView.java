package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ModelStats;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.TextTables;
import dev.tokentap.ui.fx.WhileShown;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

/**
 * The Charts tab: the range selector, generation and prompt speed, tokens per minute stacked by
 * model, time to first token, and the per-model table. Each chart plots the buckets of one refresh,
 * replaced wholesale.
 */
public final class ChartsView {

  private final DashboardViewModel vm;
  private final BorderPane root = new BorderPane();
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
  private final Label bucketInfo = new Label();
  private final LineChart<Number, Number> genTps = lineChart("Generation speed", "tok/s");
  private final LineChart<Number, Number> promptTps = lineChart("Prompt processing speed", "tok/s");
  private final StackedAreaChart<Number, Number> tokens;
  private final LineChart<Number, Number> ttft = lineChart("Time to first token", "ms");
  private final TableView<ModelStats> models = new TableView<>();
  private final ExchangeDots dots;

  public ChartsView(DashboardViewModel vm) {
    this.vm = vm;
    this.dots = new ExchangeDots(vm::openExchange);
    root.setId("charts-view");
    root.getStyleClass().add("charts-view");
    tokens = new StackedAreaChart<>(TimeAxis.create(), valueAxis("tokens/min"));
    tokens.setTitle("Tokens per minute, by model");
    tokens.setId("tokens-chart");
    tokens.setAnimated(false);
    tokens.setCreateSymbols(false);
    genTps.setId("gen-tps-chart");
    promptTps.setId("prompt-tps-chart");
    ttft.setId("ttft-chart");
    bucketInfo.setId("bucket-info");
    bucketInfo.getStyleClass().add("bucket-info");
    root.setTop(RangeBar.of(vm.rangeProperty(), "range-", bucketInfo));
    root.setCenter(grid());
    WhileShown.apply(shown, vm.chartsProperty(), this::show);
    WhileShown.apply(shown, vm.modelsProperty(), m -> models.getItems().setAll(m));
  }

  public Node root() {
    return root;
  }

  /** Whether the charts are on screen (their tab is selected); only then are they drawn. */
  public BooleanProperty shownProperty() {
    return shown;
  }

  private Node grid() {
    TextTables.setUp(
        models,
        "model-table",
        "No exchanges in this range.",
        List.of(
            column("Model", m -> m.model() == null ? DashboardReader.NO_MODEL : m.model()),
            number("Requests", m -> Formats.count(m.requests())),
            number("Prompt tokens", m -> Formats.count(m.promptTokens())),
            number("Cached", m -> Formats.count(m.cachedTokens())),
            number("Generated", m -> Formats.count(m.completionTokens())),
            number("Median tok/s", m -> Formats.rate(m.medianGenTps())),
            number("Cache hit", m -> Formats.percent(m.cacheHitRate()))));
    GridPane grid = new GridPane(8, 8);
    grid.setPadding(new Insets(0, 8, 8, 8));
    grid.add(genTps, 0, 0);
    grid.add(promptTps, 1, 0);
    grid.add(ttft, 2, 0);
    grid.add(tokens, 0, 1);
    grid.add(models, 1, 1, 2, 1);
    for (int i = 0; i < 3; i++) {
      ColumnConstraints c = new ColumnConstraints();
      c.setPercentWidth(100 / 3.0);
      c.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(c);
    }
    for (int i = 0; i < 2; i++) {
      RowConstraints r = new RowConstraints();
      r.setPercentHeight(50);
      r.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(r);
    }
    return grid;
  }

  private void show(DashboardCharts c) {
    bucketInfo.setText(bucketNote(c));
    genTps.getData().setAll(List.of(speeds("Generation", c.genTps(), c, " tok/s")));
    promptTps.getData().setAll(List.of(speeds("Prompt", c.promptTps(), c, " tok/s")));
    ttft.getData().setAll(List.of(speeds("TTFT", c.ttftMs(), c, " ms")));
    tokens
        .getData()
        .setAll(c.tokensPerMinute().stream().map(s -> series(s.name(), s.points())).toList());
    for (var chart : List.of(genTps, promptTps, tokens, ttft)) {
      TimeAxis.fit((NumberAxis) chart.getXAxis(), c.from(), c.until());
    }
  }

  static String bucketNote(DashboardCharts c) {
    if (c.isEmpty()) {
      return "No exchanges in this range.";
    }
    return "From the range's first exchange: "
        + (c.perRequest()
            ? "speeds and TTFT one point per exchange (hover, click to open), tokens per "
                + width(c.width())
                + "."
            : "one point per " + width(c.width()) + ".");
  }

  /** A speed or TTFT series: bucket means as a line, or one clickable dot per exchange. */
  private XYChart.Series<Number, Number> speeds(
      String name, List<DashboardCharts.Point> points, DashboardCharts c, String unit) {
    if (!c.perRequest()) {
      return series(name, points);
    }
    var data = FXCollections.<XYChart.Data<Number, Number>>observableArrayList();
    for (DashboardCharts.Point p : points) {
      String text =
          "#" + p.id() + " · " + Formats.timeOfDay(p.start()) + " · " + value(p.value()) + unit;
      data.add(dots.dot(p.start(), p.value(), p.id(), text));
    }
    return new XYChart.Series<>(name, data);
  }

  private static String value(double v) {
    return v >= 100 ? Formats.count(Math.round(v)) : Formats.rate(v);
  }

  private static XYChart.Series<Number, Number> series(
      String name, List<DashboardCharts.Point> points) {
    var data =
        FXCollections.<XYChart.Data<Number, Number>>observableArrayList(
            points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.start(), p.value()))
                .toList());
    return new XYChart.Series<>(name, data);
  }

  private static LineChart<Number, Number> lineChart(String title, String unit) {
    LineChart<Number, Number> chart = new LineChart<>(TimeAxis.create(), valueAxis(unit));
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setCreateSymbols(false); // a dot per exchange comes with its own node
    chart.setLegendVisible(false);
    return chart;
  }

  private static NumberAxis valueAxis(String unit) {
    NumberAxis y = new NumberAxis();
    y.setLabel(unit);
    y.setAnimated(false);
    y.setForceZeroInRange(true);
    return y;
  }

  private static String width(Duration w) {
    if (w.toDays() > 0 && w.equals(Duration.ofDays(w.toDays()))) {
      return w.toDays() == 1 ? "day" : w.toDays() + " days";
    }
    if (w.toHours() > 0 && w.equals(Duration.ofHours(w.toHours()))) {
      return w.toHours() == 1 ? "hour" : w.toHours() + " hours";
    }
    if (w.toMinutes() > 0 && w.equals(Duration.ofMinutes(w.toMinutes()))) {
      return w.toMinutes() == 1 ? "minute" : w.toMinutes() + " minutes";
    }
    return w.toSeconds() == 1 ? "second" : w.toSeconds() + " seconds";
  }

  static <S> TableColumn<S, String> column(String title, Function<S, String> value) {
    return TextTables.column(title, value);
  }

  static <S> TableColumn<S, String> number(String title, Function<S, String> value) {
    return TextTables.number(title, value);
  }
}
