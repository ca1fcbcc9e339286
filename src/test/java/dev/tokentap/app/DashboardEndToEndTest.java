package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ClientStats;
import dev.tokentap.testing.Screenshots;
import dev.tokentap.ui.activity.ActivityItem;
import dev.tokentap.ui.activity.ActivityRow;
import dev.tokentap.ui.dashboard.DashboardRange;
import dev.tokentap.ui.fx.Formats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard in the real window: requests sent through a real forwarder to a fake upstream
 * replaying llama-server answers show up in the summary tiles, the charts and the clients table.
 */
class DashboardEndToEndTest {

  private static final List<String> FIXTURES =
      List.of(
          "chat_nonstream",
          "chat_stream",
          "chat_nonstream_repeat_cached",
          "completion_native_stream",
          "chat_stream_include_usage",
          "embeddings_v1_single");

  private final FxRobot robot = new FxRobot();
  private RunningWindow running;
  @TempDir Path dataDir;

  @BeforeEach
  void start() throws Exception {
    running = RunningWindow.start(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    running.close();
  }

  @Test
  void tilesChartsAndClientsShowTheTrafficSentThrough() throws Exception {
    for (String f : FIXTURES) {
      running.send(f);
      Thread.sleep(600); // spread over a few of the live range's 2 s buckets
    }
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> storedRows().size()) == FIXTURES.size());
    List<ActivityRow> rows = fx(this::storedRows);
    long prompt = rows.stream().map(ActivityRow::promptTokens).filter(Objects::nonNull).count();
    assertThat(prompt).as("rows with prompt tokens").isPositive();
    String promptSum =
        Formats.count(
            rows.stream()
                .map(ActivityRow::promptTokens)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum());
    String generatedSum =
        Formats.count(
            rows.stream()
                .map(ActivityRow::completionTokens)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .sum());

    // the tiles follow the history within about a second
    String requests = Integer.toString(FIXTURES.size());
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> tile("requests").getText()).equals(requests));
    assertThat(fx(() -> tile("prompt-tokens").getText())).isEqualTo(promptSum);
    assertThat(fx(() -> tile("generated-tokens").getText())).isEqualTo(generatedSum);
    assertThat(fx(() -> tile("errors").getText())).isEqualTo("0");
    assertThat(fx(() -> tile("median-gen-tps").getText())).isNotEqualTo(Formats.NOT_REPORTED);

    // the live range, chosen in the tiles' selector, has one point per 2 s
    robot.interact(
        () -> {
          @SuppressWarnings("unchecked")
          ComboBox<DashboardRange> range =
              (ComboBox<DashboardRange>) running.app().stage().getScene().lookup("#summary-range");
          range.setValue(DashboardRange.LIVE_5_MIN);
          TabPane tabs = (TabPane) running.app().stage().getScene().lookup("#main-tabs");
          Tab charts =
              tabs.getTabs().stream().filter(t -> t.getText().equals("Charts")).findFirst().get();
          tabs.getSelectionModel().select(charts);
        });
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> fx(() -> points("#gen-tps-chart", 0) > 1 && points("#tokens-chart", 0) > 1));
    assertThat(fx(() -> chart("#tokens-chart").getData()))
        .extracting(XYChart.Series::getName)
        .contains("tiny");
    assertThat(fx(() -> points("#ttft-chart", 0))).isPositive();
    assertThat(fx(() -> points("#prompt-tps-chart", 0))).isPositive();
    assertThat(fx(() -> ((TableView<?>) lookup("#model-table")).getItems())).isNotEmpty();
    assertThat(fx(() -> tile("requests").getText())).isEqualTo(requests);
    WaitForAsyncUtils.waitForFxEvents();
    Path png = fx(() -> Screenshots.save(running.app().stage().getScene(), "charts"));
    assertThat(Files.size(png)).isGreaterThan(10_000);

    // a tab not chosen yet is not in the window; once chosen, its table shows what was read
    assertThat(fx(() -> lookup("#clients-table"))).isNull();
    selectTab("Clients");
    @SuppressWarnings("unchecked")
    TableView<ClientStats> clients = (TableView<ClientStats>) fx(() -> lookup("#clients-table"));
    List<ClientStats> seen = fx(() -> List.copyOf(clients.getItems()));
    assertThat(seen).hasSize(1);
    assertThat(seen.getFirst().address()).isEqualTo("127.0.0.1");
    assertThat(seen.getFirst().range().requests()).isEqualTo(FIXTURES.size());
    assertThat(seen.getFirst().today().requests()).isEqualTo(FIXTURES.size());

    // a text filter taking every row (their method): the same figures, read from the rows
    assertThat(fx(() -> lookup("#summary-note").isVisible())).isFalse();
    robot.interact(
        () -> ((javafx.scene.control.TextField) lookup("#filter-field")).setText("post"));
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> lookup("#summary-note").isVisible()));
    assertThat(fx(() -> ((Label) lookup("#summary-note")).getText()))
        .contains("every matching row");
    assertThat(fx(() -> tile("requests").getText())).isEqualTo(requests);
    robot.interact(() -> ((javafx.scene.control.TextField) lookup("#filter-field")).setText(""));
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> !lookup("#summary-note").isVisible()));
  }

  @Test
  void aTabsContentJoinsTheWindowWhenTheTabIsFirstChosenAndIsFilledOnlyWhileShown()
      throws Exception {
    // a launch styles and lays out only the Activity tab
    assertThat(fx(() -> lookup("#clients-table"))).isNull();
    selectTab("Clients");
    @SuppressWarnings("unchecked")
    TableView<ClientStats> clients = (TableView<ClientStats>) fx(() -> lookup("#clients-table"));
    assertThat(fx(() -> clients.getItems())).isEmpty();
    selectTab("Activity");
    assertThat(fx(() -> lookup("#clients-table"))).isSameAs(clients);

    // a hidden tab's table is not filled in (every update of it would cost the window a repaint)
    running.send("chat_nonstream");
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> tile("requests").getText()).equals("1"));
    assertThat(fx(() -> clients.getItems())).isEmpty();
    selectTab("Clients");
    assertThat(fx(() -> clients.getItems())).hasSize(1);
  }

  @Test
  void aFirstHourOnTheDayRangeFillsTheChartsAndEachExchangeIsAPointThatOpens() throws Exception {
    List<String> sent = List.of("chat_nonstream", "chat_stream", "chat_nonstream_repeat_cached");
    for (String f : sent) {
      running.send(f);
    }
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> storedRows().size()) == sent.size());
    long firstAt = fx(() -> storedRows().getLast().startedAt());
    selectTab("Charts"); // on "24 h", the range a new window opens on
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> points("#gen-tps-chart", 0)) == sent.size());
    // the time axis starts at the first exchange, not 24 hours ago
    double lower = fx(() -> ((NumberAxis) chart("#gen-tps-chart").getXAxis()).getLowerBound());
    assertThat(lower).isBetween(firstAt - 60_000.0, (double) firstAt);
    assertThat(fx(() -> ((Label) lookup("#bucket-info")).getText()))
        .contains("one point per exchange");
    long newest = fx(() -> storedRows().getFirst().id());
    assertThat(fx(() -> lookup("#charts-view").lookup("#exchange-dot-" + newest))).isNotNull();

    selectTab("Requests");
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> dots("#gen-tps-scatter")) == sent.size());
    long withTtft = fx(() -> storedRows().stream().filter(r -> r.ttftMs() != null).count());
    assertThat(withTtft).as("streamed exchanges").isPositive();
    assertThat(fx(() -> dots("#ttft-scatter"))).isEqualTo(withTtft);
    assertThat(fx(() -> ((Label) lookup("#requests-note")).getText()))
        .startsWith("One point per exchange: all 3 in this range");
    @SuppressWarnings("unchecked")
    XYChart<String, Number> histogram = (XYChart<String, Number>) lookup("#gen-tps-histogram");
    assertThat(fx(() -> histogram.getData().getFirst().getName())).isEqualTo("tiny");
    long counted =
        fx(
            () ->
                histogram.getData().getFirst().getData().stream()
                    .mapToLong(d -> d.getYValue().longValue())
                    .sum());
    assertThat(counted).isEqualTo(sent.size());
    WaitForAsyncUtils.waitForFxEvents();
    Path png = fx(() -> Screenshots.save(running.app().stage().getScene(), "requests"));
    assertThat(Files.size(png)).isGreaterThan(10_000);

    // a click on a point opens its exchange in the inspector
    javafx.scene.Node dot = fx(() -> lookup("#gen-tps-scatter").lookup("#exchange-dot-" + newest));
    assertThat(fx(() -> (String) dot.getUserData())).startsWith("#" + newest + " · tiny");
    robot.clickOn(dot);
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    lookup("#inspector-title") instanceof Label t
                        && t.getText().startsWith("#" + newest + " ")));
  }

  private void selectTab(String title) {
    robot.interact(
        () -> {
          TabPane tabs = (TabPane) lookup("#main-tabs");
          tabs.getSelectionModel()
              .select(
                  tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().get());
        });
  }

  private int dots(String chartId) {
    return chart(chartId).getData().stream().mapToInt(s -> s.getData().size()).sum();
  }

  private List<ActivityRow> storedRows() {
    @SuppressWarnings("unchecked")
    TableView<ActivityItem> table = (TableView<ActivityItem>) lookup("#activity-table");
    return table.getItems().stream()
        .map(ActivityItem::row)
        .filter(r -> !r.inFlight() && !r.isLoading())
        .toList();
  }

  private Label tile(String id) {
    return (Label) lookup("#tile-" + id);
  }

  @SuppressWarnings("unchecked")
  private XYChart<Number, Number> chart(String id) {
    return (XYChart<Number, Number>) lookup(id);
  }

  private int points(String chartId, int series) {
    var data = chart(chartId).getData();
    return data.size() <= series ? 0 : data.get(series).getData().size();
  }

  private javafx.scene.Node lookup(String selector) {
    return running.app().stage().getScene().lookup(selector);
  }
}
