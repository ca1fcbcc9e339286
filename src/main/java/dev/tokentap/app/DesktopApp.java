package dev.tokentap.app;

import dev.tokentap.ui.activity.ActivityFeed;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.main.MainView;
import dev.tokentap.ui.main.MainViewModel;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * TokenTap with its window: starts the JavaFX toolkit, wires the window to a running {@link
 * TokenTap}, and stops both when the window closes (or the process is asked to stop).
 */
final class DesktopApp {

  static final String TITLE = "TokenTap";
  static final String STYLESHEET = "/dev/tokentap/ui/tokentap.css";

  private final TokenTap tokenTap;
  private final ExecutorService worker;
  private final CountDownLatch closed = new CountDownLatch(1);
  private Stage stage;
  private MainView mainView;

  private DesktopApp(TokenTap tokenTap, ExecutorService worker) {
    this.tokenTap = tokenTap;
    this.worker = worker;
  }

  /** Runs TokenTap with its window until the window is closed; returns the exit code. */
  static int run(Options options, PrintStream out, PrintStream err) {
    DesktopApp app;
    try {
      app = start(options, out, err);
    } catch (StartupException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tokentap-shutdown"));
    app.awaitClosed();
    Platform.exit();
    return 0;
  }

  /**
   * Starts TokenTap and shows its window (returns once it is shown). A port that cannot be used is
   * shown in the window; a data dir that cannot be opened is shown in a dialog and thrown.
   */
  static DesktopApp start(Options options, PrintStream out, PrintStream err)
      throws StartupException {
    startToolkit();
    AtomicReference<ActivityViewModel> activity = new AtomicReference<>();
    ActivityFeed feed =
        new ActivityFeed(
            Platform::runLater,
            ActivityFeed.UPDATE_INTERVAL,
            events -> {
              ActivityViewModel vm = activity.get();
              if (vm != null) {
                vm.apply(events);
              }
            });
    TokenTap tokenTap = new TokenTap(options, out, err, feed, feed::stored);
    try {
      tokenTap.openStore();
    } catch (StartupException e) {
      showStartupFailure(e.getMessage());
      throw e;
    }
    String listenProblem = null;
    try {
      tokenTap.startForwarder();
    } catch (StartupException e) {
      listenProblem = TokenTapControl.capitalized(e.getMessage());
      err.println("tokentap: " + e.getMessage());
    }
    // reads for the window; after close, late requests (a timer's last tick) are dropped
    ExecutorService worker =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> Thread.ofPlatform().daemon().name("tokentap-ui-worker").unstarted(r),
            new ThreadPoolExecutor.DiscardPolicy());
    DesktopApp app = new DesktopApp(tokenTap, worker);
    String problem = listenProblem;
    onFxThread(
        () -> {
          ActivityViewModel a =
              new ActivityViewModel(
                  tokenTap.store(), worker, Platform::runLater, System::currentTimeMillis);
          activity.set(a);
          app.show(
              new MainViewModel(
                  a, new TokenTapControl(tokenTap), worker, Platform::runLater, problem));
          a.start();
        });
    return app;
  }

  private void show(MainViewModel vm) {
    mainView = new MainView(vm);
    if (tokenTap.demo()) {
      mainView.markDemo(
          "DEMO — a simulated model server and generated traffic;"
              + " this history is temporary and is deleted when TokenTap closes");
    }
    Menu file = new Menu("_File");
    MenuItem quit = new MenuItem("_Quit");
    quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
    quit.setOnAction(e -> stage.close());
    file.getItems().add(quit);
    mainView.menuBar().getMenus().add(file);
    Scene scene = new Scene(mainView.root(), 1280, 800);
    scene.getStylesheets().add(DesktopApp.class.getResource(STYLESHEET).toExternalForm());
    scene
        .getAccelerators()
        .put(
            new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
            () -> mainView.filterField().requestFocus());
    stage = new Stage();
    stage.setTitle(tokenTap.demo() ? TITLE + " — DEMO" : TITLE);
    stage.setScene(scene);
    stage.setOnHidden(e -> Thread.ofPlatform().name("tokentap-close").start(this::close));
    stage.show();
    mainView.activity().table().requestFocus();
  }

  /** Stops TokenTap (bounded grace for running exchanges) and the worker; safe to call twice. */
  void close() {
    tokenTap.stop();
    worker.shutdownNow();
    if (stage != null) {
      if (Platform.isFxApplicationThread()) {
        stage.hide();
      } else {
        // bounded: while the JVM shuts down (SIGTERM, logout) the FX thread runs no more tasks
        CountDownLatch hidden = new CountDownLatch(1);
        Platform.runLater(
            () -> {
              stage.hide();
              hidden.countDown();
            });
        try {
          hidden.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    closed.countDown();
  }

  void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Stage stage() {
    return stage;
  }

  MainView mainView() {
    return mainView;
  }

  TokenTap tokenTap() {
    return tokenTap;
  }

  private static void showStartupFailure(String message) {
    onFxThread(
        () -> {
          Alert alert = new Alert(Alert.AlertType.ERROR);
          alert.setTitle(TITLE);
          alert.setHeaderText("TokenTap cannot start");
          alert.setContentText(TokenTapControl.capitalized(message));
          alert.showAndWait();
        });
  }

  /** Starts the JavaFX toolkit once (tests may have started it). */
  private static void startToolkit() throws StartupException {
    CountDownLatch up = new CountDownLatch(1);
    try {
      Platform.startup(up::countDown);
    } catch (IllegalStateException alreadyRunning) {
      up.countDown();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new StartupException(
          "cannot open a window ("
              + e.getMessage()
              + "). On a machine without a display, run with --headless.");
    }
    Platform.setImplicitExit(false);
    await(up);
  }

  /** Runs {@code task} on the FX thread and waits for it (never called from the FX thread). */
  private static void onFxThread(Runnable task) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Platform.runLater(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            failure.set(e);
          } finally {
            done.countDown();
          }
        });
    await(done);
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
