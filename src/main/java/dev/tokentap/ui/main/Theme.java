package dev.tokentap.ui.main;

import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.Parent;

/**
 * The light and dark themes: the stylesheet defines both, the {@code dark} style class on a scene's
 * root picks the dark colours. Follows the system's preference ({@code
 * Platform.getPreferences().colorSchemeProperty()}) unless View &gt; Theme chooses one. Holds no
 * nodes; {@link #attach} keeps a window's root in step. FX thread only.
 */
public final class Theme {

  /** The style class that switches the dark colours on. */
  public static final String DARK = "dark";

  private final ObjectProperty<ThemeChoice> choice =
      new SimpleObjectProperty<>(this, "choice", ThemeChoice.SYSTEM);
  private final BooleanBinding dark;

  /**
   * @param system the system's colour scheme (null or LIGHT when it cannot be detected)
   */
  public Theme(ObservableValue<ColorScheme> system) {
    dark =
        Bindings.createBooleanBinding(
            () -> {
              ThemeChoice c = choice.get();
              return (c == null ? ThemeChoice.SYSTEM : c).isDark(system.getValue());
            },
            choice,
            system);
  }

  /** Following the platform's preference (the toolkit must be running). */
  public static Theme followingSystem() {
    ObservableValue<ColorScheme> system;
    try {
      system = Platform.getPreferences().colorSchemeProperty();
    } catch (RuntimeException | LinkageError unavailable) {
      system = new SimpleObjectProperty<>(ColorScheme.LIGHT);
    }
    return new Theme(system);
  }

  /** System, Light or Dark (remembered in window.json). */
  public ObjectProperty<ThemeChoice> choiceProperty() {
    return choice;
  }

  /** Whether the dark colours apply now. */
  public BooleanBinding darkProperty() {
    return dark;
  }

  /** Keeps {@code root}'s {@code dark} style class in step with the theme from now on. */
  public void attach(Parent root) {
    apply(root, dark.get());
    dark.addListener((o, was, now) -> apply(root, now));
  }

  static void apply(Parent root, boolean isDark) {
    if (isDark) {
      if (!root.getStyleClass().contains(DARK)) {
        root.getStyleClass().add(DARK);
      }
    } else {
      root.getStyleClass().remove(DARK);
    }
  }
}
