package dev.tokentap.ui.dashboard;

import java.util.function.LongConsumer;
import javafx.scene.Cursor;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * Chart points that stand for one exchange each: hovering one says what it is, clicking it opens
 * the exchange. One tooltip per chart, its text set as the pointer enters a point (thousands of
 * points, one tooltip).
 */
final class ExchangeDots {

  private final Tooltip tip = new Tooltip();
  private final LongConsumer open;

  /**
   * @param open opens an exchange by id (in the inspector)
   */
  ExchangeDots(LongConsumer open) {
    this.open = open;
    tip.setShowDelay(Duration.millis(150));
  }

  /** A point at ({@code x}, {@code y}) for exchange {@code id}, described by {@code text}. */
  XYChart.Data<Number, Number> dot(Number x, Number y, long id, String text) {
    XYChart.Data<Number, Number> d = new XYChart.Data<>(x, y);
    StackPane node = new StackPane();
    node.setId("exchange-dot-" + id);
    node.setCursor(Cursor.HAND);
    node.setUserData(text);
    node.setOnMouseEntered(e -> tip.setText(text));
    node.setOnMouseClicked(e -> open.accept(id));
    Tooltip.install(node, tip);
    d.setNode(node); // the chart adds its symbol style classes to it
    return d;
  }
}
