package dev.tokentap.ui.main;

import java.util.Map;

/**
 * What the window remembers between runs (window.json): its place and size, whether it was
 * maximized, the activity table's column widths by column id, the chart range and the theme.
 *
 * @param x left edge; NaN: let the system place it
 * @param y top edge; NaN: let the system place it
 * @param width the size when not maximized
 * @param height the size when not maximized
 * @param columnWidths widths of the activity table's columns, by column id ({@code model}, ...)
 * @param chartRange the charts tab's range, by name; null: its default
 * @param theme View &gt; Theme
 */
public record WindowState(
    double x,
    double y,
    double width,
    double height,
    boolean maximized,
    Map<String, Double> columnWidths,
    String chartRange,
    ThemeChoice theme) {

  /** A first run: 1280×800 where the system puts it, light or dark as the system is. */
  public static final WindowState DEFAULT =
      new WindowState(Double.NaN, Double.NaN, 1280, 800, false, Map.of(), null, ThemeChoice.SYSTEM);

  public WindowState {
    columnWidths = Map.copyOf(columnWidths);
    theme = theme == null ? ThemeChoice.SYSTEM : theme;
    if (!(width >= 200 && width <= 20_000) || !(height >= 150 && height <= 20_000)) {
      width = 1280;
      height = 800;
    }
  }

  /** Whether a place was remembered. */
  public boolean hasPosition() {
    return Double.isFinite(x) && Double.isFinite(y);
  }
}
