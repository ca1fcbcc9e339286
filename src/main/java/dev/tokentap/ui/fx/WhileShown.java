package dev.tokentap.ui.fx;

import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;

/**
 * Hands a view the values it shows only while it is on screen, and the latest one when it comes
 * back. A control in a hidden tab still takes every update: it is laid out again, and when a pulse
 * changed nothing else, JavaFX repaints the whole window because the changed nodes have no area on
 * screen. Under traffic that cost the activity table one full repaint after another.
 */
public final class WhileShown {

  private WhileShown() {}

  /** Calls {@code show} with {@code value}'s non-null values while {@code shown} is true. */
  public static <T> void apply(
      ObservableValue<Boolean> shown, ObservableValue<T> value, Consumer<? super T> show) {
    shown.subscribe(
        on -> {
          if (on && value.getValue() != null) {
            show.accept(value.getValue());
          }
        });
    value.addListener(
        (o, old, now) -> {
          if (now != null && Boolean.TRUE.equals(shown.getValue())) {
            show.accept(now);
          }
        });
  }
}
