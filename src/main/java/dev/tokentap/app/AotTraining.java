package dev.tokentap.app;

import javafx.application.Platform;
import javafx.scene.control.TabPane;

/**
 * The scripted run that fills the installed package's AOT cache (JDK 25's {@code
 * -XX:AOTCacheOutput}, made at package time): with {@code -Dtokentap.aot.training=SECONDS} and
 * {@code --demo}, the window shows each tab in turn while demo traffic flows for SECONDS, then
 * closes, so the classes of start-up, forwarding, recording and every tab are in the cache. Not a
 * user option; {@code pom.xml}'s {@code package} profile runs it.
 */
final class AotTraining {

  static final String PROPERTY = "tokentap.aot.training";

  /** At least as many as the window has tabs; choosing past the last does nothing. */
  private static final int STEPS = 8;

  private AotTraining() {}

  /** Starts the script when the property asks for it; does nothing otherwise. */
  static void startIfAsked(DesktopApp app) {
    String seconds = System.getProperty(PROPERTY);
    if (seconds == null) {
      return;
    }
    long step = Math.max(1, Long.parseLong(seconds)) * 1000 / STEPS;
    Thread.ofPlatform()
        .daemon()
        .name("tokentap-aot-training")
        .start(
            () -> {
              try {
                for (int i = 0; i < STEPS; i++) {
                  int index = i;
                  Platform.runLater(() -> show(app, index));
                  Thread.sleep(step);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Platform.runLater(() -> app.stage().close());
            });
  }

  private static void show(DesktopApp app, int index) {
    TabPane tabs = (TabPane) app.stage().getScene().lookup("#main-tabs");
    if (index < tabs.getTabs().size()) {
      tabs.getSelectionModel().select(index);
    }
  }
}
