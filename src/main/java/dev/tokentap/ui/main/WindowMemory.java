package dev.tokentap.ui.main;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** Puts a remembered {@link WindowState} on a window and reads it back off it. FX thread only. */
public final class WindowMemory {

  private WindowMemory() {}

  /** Size, place (when still on a screen), maximized, and the table's column widths. */
  public static void apply(WindowState s, Stage stage, TableView<?> table) {
    stage.setWidth(s.width());
    stage.setHeight(s.height());
    if (s.hasPosition()
        && !Screen.getScreensForRectangle(new Rectangle2D(s.x(), s.y(), 100, 40)).isEmpty()) {
      stage.setX(s.x());
      stage.setY(s.y());
    }
    stage.setMaximized(s.maximized());
    if (table != null) {
      for (TableColumn<?, ?> c : table.getColumns()) {
        Double w = s.columnWidths().get(c.getId());
        if (w != null && w > 0 && w < 5_000) {
          c.setPrefWidth(w);
        }
      }
    }
  }

  /**
   * The window's state now; when maximized, the size and place of {@code before} stay (they are
   * what un-maximizing returns to).
   */
  public static WindowState capture(
      Stage stage, TableView<?> table, WindowState before, String chartRange, ThemeChoice theme) {
    Map<String, Double> widths = new LinkedHashMap<>(before.columnWidths());
    if (table != null) {
      for (TableColumn<?, ?> c : table.getColumns()) {
        if (c.getId() != null) {
          widths.put(c.getId(), c.getWidth());
        }
      }
    }
    boolean max = stage.isMaximized();
    return new WindowState(
        max ? before.x() : stage.getX(),
        max ? before.y() : stage.getY(),
        max ? before.width() : stage.getWidth(),
        max ? before.height() : stage.getHeight(),
        max,
        widths,
        chartRange,
        theme);
  }
}
