package dev.tokentap.ui.main;

import dev.tokentap.ui.fx.FxThreads;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.layout.Region;

/**
 * The dialogs shown before the main window exists; each is called from a thread other than the FX
 * thread (the toolkit started) and waits for the user.
 */
public final class StartupDialogs {

  private StartupDialogs() {}

  /**
   * Another TokenTap holds the data dir: says so in words ({@code message}, capitalized) and offers
   * its history read-only. True when the user chose that.
   */
  public static boolean offerReadOnly(String title, String message) {
    AtomicBoolean chosen = new AtomicBoolean();
    FxThreads.onFxThread(
        () -> {
          ButtonType readOnly = new ButtonType("Open Read-only", ButtonBar.ButtonData.OK_DONE);
          ButtonType quit = new ButtonType("Quit", ButtonBar.ButtonData.CANCEL_CLOSE);
          Alert alert = new Alert(Alert.AlertType.WARNING, "", readOnly, quit);
          alert.setTitle(title);
          alert.setHeaderText("Another TokenTap is already recording into this data dir");
          alert.setContentText(
              message
                  + "\n\nSwitch to the TokenTap window that is already open, or quit it and start"
                  + " this one again. To run a second TokenTap, start it with --data-dir DIR"
                  + " (and another --listen port).\n\nOr look at the recorded history now,"
                  + " read-only: nothing is forwarded or recorded in that window.");
          alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
          Optional<ButtonType> answer = alert.showAndWait();
          chosen.set(answer.isPresent() && answer.get() == readOnly);
        });
    return chosen.get();
  }

  /** TokenTap cannot start: {@code message} (capitalized) in an error dialog. */
  public static void showStartupFailure(String title, String message) {
    FxThreads.onFxThread(
        () -> {
          Alert alert = new Alert(Alert.AlertType.ERROR);
          alert.setTitle(title);
          alert.setHeaderText("TokenTap cannot start");
          alert.setContentText(message);
          alert.showAndWait();
        });
  }
}
