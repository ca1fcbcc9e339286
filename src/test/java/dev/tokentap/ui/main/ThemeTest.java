package dev.tokentap.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.application.ColorScheme;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/** The theme follows the system unless one is chosen; no toolkit needed. */
class ThemeTest {

  @Test
  void systemChoiceFollowsTheSystemSchemeAndAChoiceOverridesIt() {
    SimpleObjectProperty<ColorScheme> system = new SimpleObjectProperty<>(ColorScheme.LIGHT);
    Theme theme = new Theme(system);
    assertThat(theme.darkProperty().get()).isFalse();
    system.set(ColorScheme.DARK);
    assertThat(theme.darkProperty().get()).isTrue();
    theme.choiceProperty().set(ThemeChoice.LIGHT);
    assertThat(theme.darkProperty().get()).isFalse();
    theme.choiceProperty().set(ThemeChoice.DARK);
    system.set(ColorScheme.LIGHT);
    assertThat(theme.darkProperty().get()).isTrue();
    system.set(null); // not detected
    theme.choiceProperty().set(ThemeChoice.SYSTEM);
    assertThat(theme.darkProperty().get()).isFalse();
  }

  @Test
  void aWindowStateOutOfRangeFallsBackToTheDefaultSize() {
    WindowState s =
        new WindowState(Double.NaN, 5, Double.NaN, 10, false, java.util.Map.of(), null, null);
    assertThat(s.width()).isEqualTo(1280);
    assertThat(s.height()).isEqualTo(800);
    assertThat(s.hasPosition()).isFalse();
    assertThat(s.theme()).isEqualTo(ThemeChoice.SYSTEM);
  }
}
