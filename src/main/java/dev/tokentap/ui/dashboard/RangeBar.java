package dev.tokentap.ui.dashboard;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;

/** The range selector above a dashboard tab: one toggle per {@link DashboardRange}, one chosen. */
final class RangeBar {

  private RangeBar() {}

  /**
   * A bar of toggles bound both ways to {@code range}, then {@code trailing} (a line about what is
   * drawn); {@code idPrefix} names the toggles ({@code range-1h}, …) for each tab apart.
   */
  static HBox of(ObjectProperty<DashboardRange> range, String idPrefix, Node trailing) {
    ToggleGroup group = new ToggleGroup();
    HBox bar = new HBox(4);
    for (DashboardRange r : DashboardRange.values()) {
      ToggleButton b = new ToggleButton(r.label());
      b.setId(idPrefix + r.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      b.setUserData(r);
      b.setToggleGroup(group);
      bar.getChildren().add(b);
    }
    range.subscribe(
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
                range.set((DashboardRange) t.getUserData());
              }
            });
    bar.getChildren().add(trailing);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(6, 8, 6, 8));
    return bar;
  }
}
