package dev.tokentap.app;

import dev.tokentap.testing.Screenshots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TabPane;

/**
 * Writes {@code target/screenshots/demo-window.png}: the window after {@code SECONDS} (default 60)
 * of {@code --demo} traffic (a program, run as the README says; headless Monocle or a display).
 */
public final class DemoScreenshot {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Options options = Cli.options(new String[] {"--demo"}, Map.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    DesktopApp app = DesktopApp.start(options, quiet, quiet);
    Thread.sleep(seconds * 1000L);
    System.out.println("wrote " + shot(app, null, "demo-window"));
    // the dashboard's tabs over the same traffic
    System.out.println("wrote " + shot(app, "Charts", "demo-charts"));
    System.out.println("wrote " + shot(app, "Requests", "demo-requests"));
    app.close();
    Platform.exit();
  }

  /** Shows tab {@code tab} (none: as it is), lets the dashboard draw, and saves the window. */
  private static Path shot(DesktopApp app, String tab, String name) throws Exception {
    if (tab != null) {
      Platform.runLater(
          () -> {
            TabPane tabs = (TabPane) app.stage().getScene().lookup("#main-tabs");
            tabs.getTabs().stream()
                .filter(t -> t.getText().equals(tab))
                .findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
          });
      Thread.sleep(2_000); // a refresh at most a second after traffic, then the layout
    }
    FutureTask<Path> shot = new FutureTask<>(() -> Screenshots.save(app.stage().getScene(), name));
    Platform.runLater(shot);
    return shot.get(30, TimeUnit.SECONDS).toAbsolutePath();
  }
}
