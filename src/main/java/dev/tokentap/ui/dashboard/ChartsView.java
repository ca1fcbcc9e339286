package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ModelStats;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.fx.TextTables;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.util.StringConverter;

/**
 * The Charts tab: the range selector, generation and prompt speed, tokens per minute stacked by
 * model, time to first token, and the per-model table. Each chart plots the buckets of one refresh,
 * replaced wholesale.
 */
public final class ChartsView {

  private static final ZoneId ZONE = ZoneId.systemDefault();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter DAYS =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZONE);
  private static final DateTimeFormatter DATES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZONE);

  private final DashboardViewModel vm;
  private final BorderPane root = new BorderPane();
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
  private final Label bucketInfo = new Label();
  private final LineChart<Number, Number> genTps = lineChart("Generation speed", "tok/s");
  private final LineChart<Number, Number> promptTps = lineChart("Prompt processing speed", "tok/s");
  private final StackedAreaChart<Number, Number> tokens;
  private final LineChart<Number, Number> ttft = lineChart("Time to first token", "ms");
  private final TableView<ModelStats> models = new TableView<>();

  public ChartsView(DashboardViewModel vm) {
    this.vm = vm;
    root.setId("charts-view");
    root.getStyleClass().add("charts-view");
    tokens = new StackedAreaChart<>(timeAxis(), valueAxis("tokens/min"));
    tokens.setTitle("Tokens per minute, by model");
    tokens.setId("tokens-chart");
    tokens.setAnimated(false);
    tokens.setCreateSymbols(false);
    genTps.setId("gen-tps-chart");
    promptTps.setId("prompt-tps-chart");
    ttft.setId("ttft-chart");
    root.setTop(rangeBar());
    root.setCenter(grid());
    // charts are drawn only while the tab shows: a hidden chart would still be laid out on every
    // refresh, and that cost the activity table smoothness under heavy traffic
    shown.subscribe(
        on -> {
          if (on) {
            show(vm.chartsProperty().get());
          }
        });
    vm.chartsProperty()
        .subscribe(
            c -> {
              if (shown.get()) {
                show(c);
              }
            });
    vm.modelsProperty().subscribe(m -> models.getItems().setAll(m));
  }

  public Node root() {
    return root;
  }

  /** Whether the charts are on screen (their tab is selected); only then are they drawn. */
  public BooleanProperty shownProperty() {
    return shown;
  }

  private Node rangeBar() {
    ToggleGroup group = new ToggleGroup();
    HBox bar = new HBox(4);
    for (DashboardRange r : DashboardRange.values()) {
      ToggleButton b = new ToggleButton(r.label());
      b.setId("range-" + r.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      b.setUserData(r);
      b.setToggleGroup(group);
      bar.getChildren().add(b);
    }
    vm.rangeProperty()
        .subscribe(
            r -> {
              for (var t : group.getToggles()) {
                if (t.getUserData() == r) {
                  group.selectToggle(t);
                }
              }
            });
    group
        .selectedToggleProperty()
        .addListener(
            (o, a, t) -> {
              if (t == null) {
                a.setSelected(true); // one range is always chosen
              } else {
                vm.rangeProperty().set((DashboardRange) t.getUserData());
              }
            });
    bucketInfo.setId("bucket-info");
    bucketInfo.getStyleClass().add("bucket-info");
    bar.getChildren().add(bucketInfo);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(6, 8, 6, 8));
    return bar;
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
    bucketInfo.setText(
        c.isEmpty() ? "No exchanges in this range." : "One point per " + width(c.width()) + ".");
    genTps.getData().setAll(List.of(series("Generation", c.genTps())));
    promptTps.getData().setAll(List.of(series("Prompt", c.promptTps())));
    ttft.getData().setAll(List.of(series("TTFT", c.ttftMs())));
    tokens
        .getData()
        .setAll(c.tokensPerMinute().stream().map(s -> series(s.name(), s.points())).toList());
    for (var chart : List.of(genTps, promptTps, tokens, ttft)) {
      setTimeAxis((NumberAxis) chart.getXAxis(), c.from(), c.until());
    }
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
    LineChart<Number, Number> chart = new LineChart<>(timeAxis(), valueAxis(unit));
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setLegendVisible(false);
    return chart;
  }

  private static NumberAxis timeAxis() {
    NumberAxis x = new NumberAxis();
    x.setAutoRanging(false);
    x.setAnimated(false);
    x.setMinorTickVisible(false);
    return x;
  }

  private static NumberAxis valueAxis(String unit) {
    NumberAxis y = new NumberAxis();
    y.setLabel(unit);
    y.setAnimated(false);
    y.setForceZeroInRange(true);
    return y;
  }

  /** Round tick distances; the axis shows about six ticks. */
  private static final List<Duration> TICKS =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(28));

  private static void setTimeAxis(NumberAxis x, long from, long until) {
    long span = Math.max(1, until - from);
    long unit = TICKS.getLast().toMillis();
    for (Duration d : TICKS) {
      if (span / d.toMillis() <= 7) {
        unit = d.toMillis();
        break;
      }
    }
    // ticks on round local times: start the axis at one, a little before the range
    long offset = ZONE.getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L;
    long lower = Math.floorDiv(from + offset, unit) * unit - offset;
    x.setLowerBound(lower);
    x.setUpperBound(Math.max(until, lower + 1));
    x.setTickUnit(unit);
    long tickUnit = unit;
    DateTimeFormatter f =
        unit < Duration.ofMinutes(1).toMillis()
            ? SECONDS
            : unit >= Duration.ofDays(1).toMillis()
                ? DATES
                : span <= Duration.ofDays(1).toMillis() ? MINUTES : DAYS;
    x.setTickLabelFormatter(
        new StringConverter<>() {
          @Override
          public String toString(Number n) {
            long t = n.longValue();
            if ((t - lower) % tickUnit != 0) {
              return ""; // the axis' end, between two round ticks
            }
            return f.format(Instant.ofEpochMilli(t));
          }

          @Override
          public Number fromString(String s) {
            return null;
          }
        });
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
