package dev.tokentap.ui.main;

import javafx.application.ColorScheme;

/** View &gt; Theme: follow the system's light or dark preference, or choose one. */
public enum ThemeChoice {
  SYSTEM("System"),
  LIGHT("Light"),
  DARK("Dark");

  private final String label;

  ThemeChoice(String label) {
    this.label = label;
  }

  /** The menu item's text. */
  public String label() {
    return label;
  }

  /** Whether the dark colours apply, given the system's scheme (null when unknown: light). */
  public boolean isDark(ColorScheme system) {
    return switch (this) {
      case DARK -> true;
      case LIGHT -> false;
      case SYSTEM -> system == ColorScheme.DARK;
    };
  }
}
