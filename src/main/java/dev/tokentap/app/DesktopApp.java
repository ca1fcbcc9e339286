package dev.tokentap.app;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.store.DataDirInUseException;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.RecorderStatus;
import dev.tokentap.ui.activity.ActivityFeed;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.dashboard.DashboardRange;
import dev.tokentap.ui.dashboard.DashboardViewModel;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.main.AppMenus;
import dev.tokentap.ui.main.MainView;
import dev.tokentap.ui.main.MainViewModel;
import dev.tokentap.ui.main.StartupProgressView;
import dev.tokentap.ui.main.Theme;
import dev.tokentap.ui.main.WindowMemory;
import dev.tokentap.ui.main.WindowState;
import dev.tokentap.ui.settings.SettingsDialog;
import dev.tokentap.ui.settings.SettingsViewModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
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
  private final Map<String, String> env;
  private final PrintStream err;
  private final WindowStateFile windowStates;
  private final WindowState remembered;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  /** TokenTap's own calls to the model server (health, the Server tab); never the forwarder's. */
  private final ServerHttp serverHttp =
      new ServerHttp(Duration.ofSeconds(2), "TokenTap/" + Version.tokentap());

  /** The charts' range, by {@link DashboardRange} name, remembered in window.json. */
  private final StringProperty rememberedChartRange = new SimpleStringProperty();

  private Stage stage;
  private MainView mainView;
  private DashboardWiring dashboard;
  private ServerWiring server;
  private MainViewModel mainViewModel;
  private Theme theme;
  private SessionWindows sessions;
  private volatile FilePicker picker = FilePicker.SYSTEM;

  private DesktopApp(
      TokenTap tokenTap,
      ExecutorService worker,
      Map<String, String> env,
      PrintStream err,
      WindowStateFile windowStates,
      WindowState remembered) {
    this.tokenTap = tokenTap;
    this.worker = worker;
    this.env = env;
    this.err = err;
    this.windowStates = windowStates;
    this.remembered = remembered;
    rememberedChartRange.set(remembered.chartRange());
  }

  /** Runs TokenTap with its window until the window is closed; returns the exit code. */
  static int run(Options options, Map<String, String> env, PrintStream out, PrintStream err) {
    DesktopApp app;
    try {
      app = start(options, env, out, err);
    } catch (StartupException e) {
      err.println("tokentap: " + e.getMessage());
      if (e.getCause() instanceof DataDirInUseException && offerReadOnly(e.getMessage())) {
        return runSession(options.dataDir().resolve(ExchangeStore.DATABASE_FILE), env, out, err);
      }
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tokentap-shutdown"));
    CleanStop.install();
    app.awaitClosed();
    Platform.exit();
    return 0;
  }

  /**
   * Opens {@code file} (a session, HAR or TokenTap database file) read-only in a window and waits
   * until its last window is closed: {@code tokentap --open FILE}. A file that cannot be opened is
   * one line on {@code err} and exit code 1.
   */
  static int runSession(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    OpenedSession session;
    try {
      session = OpenedSession.open(file);
    } catch (ExportException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    try {
      startToolkit();
    } catch (StartupException e) {
      session.close();
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    ExecutorService worker = newWorker();
    WindowState remembered = WindowStateFile.of(env, err).load();
    CountDownLatch allClosed = new CountDownLatch(1);
    AtomicReference<SessionWindows> windows = new AtomicReference<>();
    onFxThread(
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
                () -> runOnFxThreadIfRunning(() -> windows.get().closeAll()), "tokentap-exit"));
    await(allClosed);
    worker.shutdownNow();
    Platform.exit();
    return 0;
  }

  /** As {@link #start(Options, Map, PrintStream, PrintStream)} with this process's environment. */
  static DesktopApp start(Options options, PrintStream out, PrintStream err)
      throws StartupException {
    return start(options, System.getenv(), out, err);
  }

  /**
   * Starts TokenTap and shows its window (returns once it is shown). A port that cannot be used is
   * shown in the window; a data dir that cannot be opened is shown in a dialog and thrown, except
   * one in use by another TokenTap, which is thrown for {@link #run} to offer opening it read-only.
   *
   * @param env where the config file and window.json are ({@code XDG_CONFIG_HOME}, {@code HOME})
   */
  static DesktopApp start(
      Options options, Map<String, String> env, PrintStream out, PrintStream err)
      throws StartupException {
    startToolkit();
    WindowStateFile windowStates = WindowStateFile.of(env, err);
    WindowState remembered = windowStates.load();
    AtomicReference<ActivityViewModel> activity = new AtomicReference<>();
    DashboardWiring dashboard = new DashboardWiring();
    ServerWiring server = ServerWiring.fromConfig(Config.defaultFile(env));
    ActivityFeed feed =
        new ActivityFeed(
            Platform::runLater,
            ActivityFeed.UPDATE_INTERVAL,
            events -> {
              ActivityViewModel vm = activity.get();
              if (vm != null) {
                vm.apply(events);
              }
              dashboard.apply(events);
              server.apply(events);
            });
    AtomicReference<MainViewModel> main = new AtomicReference<>();
    AtomicReference<RecorderStatus> recorderStatus =
        new AtomicReference<>(RecorderStatus.RECORDING);
    Runnable showRecorderStatus =
        () -> {
          MainViewModel vm = main.get();
          if (vm != null) {
            vm.recorderStatus(recorderStatus.get());
          }
        };
    TokenTap tokenTap =
        new TokenTap(
            options,
            out,
            err,
            feed,
            feed::stored,
            status -> {
              recorderStatus.set(status);
              Platform.runLater(showRecorderStatus);
            });
    // a long history is summed up once after an upgrade: a small window says so meanwhile
    SimpleStringProperty preparing = new SimpleStringProperty();
    AtomicReference<StartupProgressView> progress = new AtomicReference<>();
    onFxThread(() -> progress.set(new StartupProgressView(preparing)));
    try {
      tokenTap.openStore(line -> Platform.runLater(() -> preparing.set(line)));
      dashboard.open(tokenTap.store());
    } catch (StartupException e) {
      onFxThread(() -> progress.get().close());
      if (!(e.getCause() instanceof DataDirInUseException)) {
        showStartupFailure(e.getMessage());
      }
      throw e;
    }
    String listenProblem = null;
    try {
      tokenTap.startForwarder();
    } catch (StartupException e) {
      listenProblem = TokenTapControl.capitalized(e.getMessage());
      err.println("tokentap: " + e.getMessage());
    }
    ExecutorService worker = newWorker();
    DesktopApp app = new DesktopApp(tokenTap, worker, env, err, windowStates, remembered);
    app.dashboard = dashboard;
    app.server = server;
    String problem = listenProblem;
    onFxThread(
        () -> {
          progress.get().close();
          ActivityViewModel a =
              new ActivityViewModel(
                  tokenTap.store(), worker, Platform::runLater, System::currentTimeMillis);
          activity.set(a);
          main.set(
              new MainViewModel(
                  a,
                  new TokenTapControl(tokenTap, app.serverHttp),
                  worker,
                  Platform::runLater,
                  problem));
          showRecorderStatus.run();
          app.show(main.get());
          app.rememberRange(dashboard.show(app.mainView, a));
          server.show(app.mainView, app.serverHttp, tokenTap::upstream, a);
          a.start();
        });
    return app;
  }

  /** Reads for the windows: two threads. */
  private static ExecutorService newWorker() {
    return newWorker("tokentap-ui-worker", 2);
  }

  /**
   * Daemon threads for a window's reads; after close, late requests (a timer's last tick) are
   * dropped instead of thrown on the FX thread.
   */
  static ExecutorService newWorker(String name, int threads) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        r -> Thread.ofPlatform().daemon().name(name).unstarted(r),
        new ThreadPoolExecutor.DiscardPolicy());
  }

  private void show(MainViewModel vm) {
    mainViewModel = vm;
    mainView = new MainView(vm);
    InspectorWiring.install(mainView, tokenTap.store(), worker);
    if (tokenTap.demo()) {
      mainView.markDemo(
          "DEMO — a simulated model server and generated traffic;"
              + " this history is temporary and is deleted when TokenTap closes");
    }
    stage = new Stage();
    theme = Theme.followingSystem();
    theme.choiceProperty().set(remembered.theme());
    sessions = new SessionWindows(worker, theme, () -> picker, stage::close, () -> {});
    AppMenus.install(
        mainView.menuBar(),
        new AppMenus.Actions(
            () -> sessions.choose(stage),
            () -> sessions.showExport(stage, tokenTap.store(), "Export"),
            this::showSettings,
            null,
            stage::close,
            () -> mainView.filterField().requestFocus(),
            () -> mainView.listenField().requestFocus(),
            vm::checkUpstream),
        theme.choiceProperty());
    Scene scene = new Scene(mainView.root(), remembered.width(), remembered.height());
    scene.getStylesheets().add(DesktopApp.class.getResource(STYLESHEET).toExternalForm());
    theme.attach(scene.getRoot());
    stage.setTitle(tokenTap.demo() ? TITLE + " — DEMO" : TITLE);
    stage.setScene(scene);
    WindowMemory.apply(remembered, stage, mainView.activity().table());
    stage.setOnHidden(e -> Thread.ofPlatform().name("tokentap-close").start(this::close));
    stage.show();
    mainView.activity().table().requestFocus();
  }

  /** File &gt; Settings…: saved in the config file beside window.json. */
  SettingsDialog showSettings() {
    SettingsViewModel vm =
        new SettingsViewModel(
            new ConfigSettingsStore(Config.defaultFile(env)),
            mainViewModel,
            worker,
            Platform::runLater);
    server.follow(vm);
    SettingsDialog dialog = new SettingsDialog(vm, stage);
    theme.attach(dialog.stage().getScene().getRoot());
    dialog.show();
    return dialog;
  }

  /**
   * Remembers the window (window.json), stops TokenTap (bounded grace for running exchanges) and
   * the worker, and closes the windows; safe to call twice (a second call waits for the first).
   */
  void close() {
    if (!closing.compareAndSet(false, true)) {
      if (!Platform.isFxApplicationThread()) {
        awaitClosed();
      }
      return;
    }
    try {
      WindowState state = stage == null ? null : onFxThreadIfRunning(this::windowState);
      if (state != null) {
        windowStates.save(state);
      }
      tokenTap.stop();
      worker.shutdownNow();
      dashboard.close();
      server.close();
      serverHttp.close();
      if (stage != null) {
        onFxThreadIfRunning(
            () -> {
              sessions.closeAll();
              stage.hide();
              return null;
            });
      }
    } finally {
      closed.countDown();
    }
  }

  /** The charts' range starts as remembered and is remembered as the user changes it. */
  private void rememberRange(DashboardViewModel d) {
    String saved = rememberedChartRange.get();
    for (DashboardRange r : DashboardRange.values()) {
      if (r.name().equals(saved)) {
        d.rangeProperty().set(r);
      }
    }
    rememberedChartRange.bind(d.rangeProperty().map(DashboardRange::name));
  }

  /** The window's state now, for window.json. */
  WindowState windowState() {
    return WindowMemory.capture(
        stage,
        mainView.activity().table(),
        remembered,
        rememberedChartRange.get(),
        theme.choiceProperty().get());
  }

  Theme theme() {
    return theme;
  }

  SessionWindows sessions() {
    return sessions;
  }

  /** Tests choose files without the platform's dialog. */
  void setFilePicker(FilePicker p) {
    picker = p;
  }

  /** Where window.json is. */
  Path windowStateFile() {
    return windowStates.file();
  }

  /** The charts range remembered in window.json (hook for the charts tab). */
  StringProperty rememberedChartRange() {
    return rememberedChartRange;
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

  /**
   * Another TokenTap holds the data dir: says so in words and offers its history read-only. True
   * when the user chose that.
   */
  private static boolean offerReadOnly(String message) {
    try {
      startToolkit();
    } catch (StartupException e) {
      return false;
    }
    AtomicBoolean chosen = new AtomicBoolean();
    onFxThread(
        () -> {
          ButtonType readOnly = new ButtonType("Open Read-only", ButtonBar.ButtonData.OK_DONE);
          ButtonType quit = new ButtonType("Quit", ButtonBar.ButtonData.CANCEL_CLOSE);
          Alert alert = new Alert(Alert.AlertType.WARNING, "", readOnly, quit);
          alert.setTitle(TITLE);
          alert.setHeaderText("Another TokenTap is already recording into this data dir");
          alert.setContentText(
              TokenTapControl.capitalized(message)
                  + "\n\nSwitch to the TokenTap window that is already open, or quit it and start"
                  + " this one again. To run a second TokenTap, start it with --data-dir DIR"
                  + " (and another --listen port).\n\nOr look at the recorded history now,"
                  + " read-only: nothing is forwarded or recorded in that window.");
          alert.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
          Optional<ButtonType> answer = alert.showAndWait();
          chosen.set(answer.isPresent() && answer.get() == readOnly);
        });
    return chosen.get();
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

  /**
   * Runs {@code task} on the FX thread and waits for its result (on it: runs it directly); null
   * when the toolkit has exited (Platform.runLater then drops tasks silently, hence the time
   * limit).
   */
  private static <T> T onFxThreadIfRunning(Callable<T> task) {
    AtomicReference<T> result = new AtomicReference<>();
    Runnable run =
        () -> {
          try {
            result.set(task.call());
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    if (Platform.isFxApplicationThread()) {
      run.run();
      return result.get();
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      Platform.runLater(
          () -> {
            try {
              run.run();
            } finally {
              done.countDown();
            }
          });
      if (!done.await(5, TimeUnit.SECONDS)) {
        return null;
      }
    } catch (IllegalStateException toolkitGone) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return result.get();
  }

  private static void runOnFxThreadIfRunning(Runnable task) {
    onFxThreadIfRunning(
        () -> {
          task.run();
          return null;
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
