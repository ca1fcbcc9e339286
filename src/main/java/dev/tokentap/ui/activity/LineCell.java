package dev.tokentap.ui.activity;

import javafx.scene.Parent;
import javafx.scene.control.TableCell;

/**
 * A cell of the activity table whose changes lay out only itself, not its line. The line places its
 * cells by the columns' widths and the table's fixed line height, and a cell's text changes
 * neither. A line that needs layout makes the table rebuild and restyle every visible line
 * (VirtualFlow re-applies CSS to each); with managed cells every text change asked for that, and
 * under traffic it was most of the window's work (decision 0031).
 *
 * <p>So the cell is unmanaged: its layout requests mark its ancestors only as leading to a node to
 * lay out. JavaFX stops that marking at the first ancestor already marked, and an ancestor can stay
 * marked under a parent that was laid out meanwhile (seen: the table's VirtualFlow under a clean
 * TableView), after which the cell is never reached. So the line's parent, the table's sheet of
 * lines, asks for layout the managed way too, which marks every ancestor up to the scene; the lines
 * themselves are not asked.
 */
abstract class LineCell extends TableCell<ActivityItem, ActivityRow> {

  LineCell() {
    setManaged(false);
  }

  @Override
  public void requestLayout() {
    super.requestLayout();
    Parent line = getParent();
    Parent sheet = line == null ? null : line.getParent();
    if (sheet != null) {
      sheet.requestLayout();
    }
  }
}
