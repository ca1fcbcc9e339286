package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ExchangePoint;
import dev.tokentap.store.ModelStats;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.WhileShown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

/**
 * The Requests tab: one point per exchange. Time to first token against prompt size (the prompt
 * processing curve; mostly cached prompts in their own colour), generation speed over time per
 * model, and the spread of generation speed per model as a histogram. A point says what it is under
 * the pointer and opens its exchange on a click.
 */
public final class RequestChartsView {

  private final DashboardViewModel vm;
  private final BorderPane root = new BorderPane();
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
  private final Label note = new Label();
  private final ScatterChart<Number, Number> ttft =
      new ScatterChart<>(valueAxis("prompt tokens"), valueAxis("ms"));
  private final ScatterChart<Number, Number> genTps =
      new ScatterChart<>(TimeAxis.create(), valueAxis("tok/s"));
  private final BarChart<String, Number> spread =
      new BarChart<>(new CategoryAxis(), valueAxis("requests"));
  private final ExchangeDots dots;

  public RequestChartsView(DashboardViewModel vm) {
    this.vm = vm;
    this.dots = new ExchangeDots(vm::openExchange);
    root.setId("request-charts-view");
    note.setId("requests-note");
    note.getStyleClass().add("bucket-info");
    ttft.setId("ttft-scatter");
    ttft.setTitle("Time to first token by prompt size");
    genTps.setId("gen-tps-scatter");
    genTps.setTitle("Generation speed per request, by model");
    spread.setId("gen-tps-histogram");
    spread.setTitle("Generation speed (tok/s), spread by model");
    spread.getXAxis().setAnimated(false);
    for (XYChart<?, ?> c : List.of(ttft, genTps, spread)) {
      c.setAnimated(false);
    }
    root.setTop(RangeBar.of(vm.rangeProperty(), "requests-range-", note));
    root.setCenter(grid());
    WhileShown.apply(shown, vm.snapshotProperty(), s -> show(s.charts(), s.models()));
  }

  public Node root() {
    return root;
  }

  /** Whether the tab is on screen; only then are the charts drawn. */
  public BooleanProperty shownProperty() {
    return shown;
  }

  private Node grid() {
    GridPane grid = new GridPane(8, 8);
    grid.setPadding(new Insets(0, 8, 8, 8));
    grid.add(ttft, 0, 0);
    grid.add(genTps, 1, 0);
    grid.add(spread, 0, 1, 2, 1);
    for (int i = 0; i < 2; i++) {
      ColumnConstraints c = new ColumnConstraints();
      c.setPercentWidth(50);
      c.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(c);
      RowConstraints r = new RowConstraints();
      r.setPercentHeight(50);
      r.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(r);
    }
    return grid;
  }

  private void show(DashboardCharts c, List<ModelStats> models) {
    DashboardCharts.Sample sample = c.exchanges();
    note.setText(noteFor(sample));
    XYChart.Series<Number, Number> cached = new XYChart.Series<>();
    cached.setName("mostly cached");
    XYChart.Series<Number, Number> fresh = new XYChart.Series<>();
    fresh.setName("not cached");
    Map<String, XYChart.Series<Number, Number>> perModel = new LinkedHashMap<>();
    for (ModelStats m : models) {
      if (perModel.size() < DashboardReader.TOP_MODELS) {
        perModel.put(name(m.model()), named(name(m.model())));
      }
    }
    for (ExchangePoint p : sample.points()) {
      String text = describe(p);
      if (p.ttftMs() != null && p.promptTokens() != null) {
        (p.mostlyCached() ? cached : fresh)
            .getData()
            .add(dots.dot(p.promptTokens(), p.ttftMs(), p.id(), text));
      }
      if (p.genTps() != null) {
        perModel
            .computeIfAbsent(
                perModel.containsKey(name(p.model())) ? name(p.model()) : OTHER,
                RequestChartsView::named)
            .getData()
            .add(dots.dot(p.startedAt(), p.genTps(), p.id(), text));
      }
    }
    ttft.getData().setAll(List.of(fresh, cached));
    genTps
        .getData()
        .setAll(perModel.values().stream().filter(s -> !s.getData().isEmpty()).toList());
    // from the oldest point drawn: a sample of the newest exchanges, or a range's first minutes
    long from = sample.points().isEmpty() ? c.from() : sample.points().getLast().startedAt();
    TimeAxis.fit((NumberAxis) genTps.getXAxis(), from, Math.max(c.until(), from + 1));
    SpeedBins bins = SpeedBins.of(models);
    List<XYChart.Series<String, Number>> bars = new ArrayList<>();
    for (SpeedBins.Series s : bins.series()) {
      XYChart.Series<String, Number> series = new XYChart.Series<>();
      series.setName(s.model());
      for (int i = 0; i < s.counts().length; i++) {
        series.getData().add(new XYChart.Data<>(bins.labels().get(i), s.counts()[i]));
      }
      bars.add(series);
    }
    ((CategoryAxis) spread.getXAxis()).getCategories().setAll(bins.labels());
    spread.getData().setAll(bars);
  }

  private static final String OTHER = "other";

  static String noteFor(DashboardCharts.Sample sample) {
    if (sample.points().isEmpty()) {
      return "No exchanges in this range.";
    }
    String which =
        sample.complete()
            ? "all " + Formats.count(sample.ofRequests()) + " in this range"
            : "the newest "
                + Formats.count((long) sample.points().size())
                + " of "
                + Formats.count(sample.ofRequests())
                + " in this range";
    return "One point per exchange: "
        + which
        + ". Hover over a point to see it, click it to open it. The histogram counts every"
        + " exchange of the range.";
  }

  /** What a point says under the pointer. */
  static String describe(ExchangePoint p) {
    String cached =
        p.cachedTokens() == null ? "" : " (" + Formats.count(p.cachedTokens()) + " cached)";
    return "#"
        + p.id()
        + " · "
        + name(p.model())
        + " · "
        + Formats.timeOfDay(p.startedAt())
        + "\n"
        + Formats.count(p.promptTokens())
        + " prompt tokens"
        + cached
        + " · TTFT "
        + Formats.millis(p.ttftMs())
        + " · "
        + Formats.rate(p.genTps())
        + " tok/s";
  }

  private static String name(String model) {
    return Objects.requireNonNullElse(model, DashboardReader.NO_MODEL);
  }

  private static XYChart.Series<Number, Number> named(String name) {
    XYChart.Series<Number, Number> s = new XYChart.Series<>();
    s.setName(name);
    return s;
  }

  private static NumberAxis valueAxis(String unit) {
    NumberAxis a = new NumberAxis();
    a.setLabel(unit);
    a.setAnimated(false);
    a.setForceZeroInRange(true);
    return a;
  }
}
