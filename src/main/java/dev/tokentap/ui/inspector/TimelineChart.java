package dev.tokentap.ui.inspector;

import dev.tokentap.ui.inspector.Timeline.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

/**
 * The stream's timeline: events (y, numbered) against the time they arrived (x, ms since the
 * request), a dashed line at TTFT, and a mark on each stall. At most {@link Timeline#MAX_POINTS}
 * points (thinned on the worker), no symbols on the events, no animation.
 */
final class TimelineChart {

  private TimelineChart() {}

  static LineChart<Number, Number> of(Timeline t) {
    NumberAxis x = new NumberAxis();
    x.setLabel("ms since the request");
    x.setForceZeroInRange(true);
    NumberAxis y = new NumberAxis();
    y.setLabel("event");
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId("timeline-chart");
    chart.getStyleClass().add("timeline-chart");
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setLegendVisible(true);
    chart.setPrefHeight(240);
    chart.setMinHeight(180);
    chart.setTitle(
        String.format(
            Locale.ROOT,
            "Stream timeline: %,d events%s",
            t.events(),
            t.stalls().isEmpty() ? "" : ", " + t.stalls().size() + " stalls ≥ 1 s"));

    XYChart.Series<Number, Number> events = new XYChart.Series<>();
    events.setName("events");
    List<XYChart.Data<Number, Number>> data = new ArrayList<>(t.points().size());
    for (Point p : t.points()) {
      data.add(new XYChart.Data<>(p.ms(), p.event()));
    }
    events.getData().setAll(data);
    chart.getData().add(events);

    XYChart.Series<Number, Number> ttft = new XYChart.Series<>();
    ttft.setName(
        t.ttftMs() == null
            ? "TTFT not reported"
            : String.format(Locale.ROOT, "TTFT %.0f ms", t.ttftMs()));
    if (t.ttftMs() != null) {
      ttft.getData().add(new XYChart.Data<>(t.ttftMs(), 0));
      ttft.getData().add(new XYChart.Data<>(t.ttftMs(), t.events()));
    }
    chart.getData().add(ttft);
    ttft.getNode().getStyleClass().add("ttft-line");

    if (!t.stalls().isEmpty()) {
      XYChart.Series<Number, Number> stalls = new XYChart.Series<>();
      stalls.setName("stalls");
      for (Point p : t.stalls()) {
        XYChart.Data<Number, Number> d = new XYChart.Data<>(p.ms(), p.event());
        Region mark = new Region();
        mark.getStyleClass().add("stall-mark");
        Tooltip.install(
            mark,
            new Tooltip(
                String.format(Locale.ROOT, "event %d after a %.0f ms gap", p.event(), p.gapMs())));
        d.setNode(mark);
        stalls.getData().add(d);
      }
      chart.getData().add(stalls);
      stalls.getNode().getStyleClass().add("stall-line");
    }
    return chart;
  }
}
