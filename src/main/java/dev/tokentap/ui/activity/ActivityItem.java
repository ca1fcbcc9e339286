package dev.tokentap.ui.activity;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One line of the activity table. Its {@link #row()} changes in place (a running exchange ticks, a
 * stored row finishes loading) so the table repaints the cells without the list changing, and a
 * selected line stays selected.
 */
public final class ActivityItem {

  private final ReadOnlyObjectWrapper<ActivityRow> row;

  ActivityItem(ActivityRow row) {
    this.row = new ReadOnlyObjectWrapper<>(this, "row", row);
  }

  public ReadOnlyObjectProperty<ActivityRow> rowProperty() {
    return row.getReadOnlyProperty();
  }

  public ActivityRow row() {
    return row.get();
  }

  void setRow(ActivityRow r) {
    row.set(r);
  }

  /** Shows {@code line}'s row from now on, as it changes (a position of {@link TableLines}). */
  void follow(ActivityItem line) {
    row.bind(line.rowProperty());
  }

  void unfollow() {
    row.unbind();
  }

  @Override
  public String toString() {
    return "ActivityItem" + row.get();
  }
}
