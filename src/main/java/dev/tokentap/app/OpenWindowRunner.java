package dev.tokentap.app;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.fx.FxThreads;
import dev.tokentap.ui.main.Theme;
import dev.tokentap.ui.main.WindowState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/** Runs {@code tokentap --open FILE} with a window (its headless twin is {@link OpenRunner}). */
final class OpenWindowRunner {

  private OpenWindowRunner() {}

  /**
   * Opens {@code file} (a session, HAR or TokenTap database file) read-only in a window and waits
   * until its last window is closed: {@code tokentap --open FILE}. A file that cannot be opened is
   * one line on {@code err} and exit code 1.
   */
  static int run(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    OpenedSession session;
    try {
      session = OpenedSession.open(file);
    } catch (ExportException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    try {
      DesktopApp.startToolkit();
    } catch (StartupException e) {
      session.close();
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    ExecutorService worker = FxThreads.newWorker("tokentap-ui-worker", 2);
    WindowState remembered = WindowStateFile.of(env, err).load();
    CountDownLatch allClosed = new CountDownLatch(1);
    AtomicReference<SessionWindows> windows = new AtomicReference<>();
    FxThreads.onFxThread(
        () -> {
          Theme theme = Theme.followingSystem();
          theme.choiceProperty().set(remembered.theme());
          SessionWindows w =
              new SessionWindows(
                  worker,
                  theme,
                  () -> FilePicker.SYSTEM,
                  () -> windows.get().closeAll(),
                  allClosed::countDown);
          windows.set(w);
          w.show(session);
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> FxThreads.runOnFxThreadIfRunning(() -> windows.get().closeAll()),
                "tokentap-exit"));
    FxThreads.await(allClosed);
    worker.shutdownNow();
    Platform.exit();
    return 0;
  }
}
