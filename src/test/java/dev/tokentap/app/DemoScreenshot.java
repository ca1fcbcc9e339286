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
    FutureTask<Path> shot =
        new FutureTask<>(() -> Screenshots.save(app.stage().getScene(), "demo-window"));
    Platform.runLater(shot);
    System.out.println("wrote " + shot.get(30, TimeUnit.SECONDS).toAbsolutePath());
    app.close();
    Platform.exit();
  }
}
