package dev.tokentap.app;

import dev.tokentap.server.ServerHttp;
import dev.tokentap.store.DataDirInUseException;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.RecorderStatus;
import dev.tokentap.ui.activity.ActivityFeed;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.dashboard.DashboardRange;
import dev.tokentap.ui.dashboard.DashboardViewModel;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.fx.FxThreads;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.main.AppMenus;
import dev.tokentap.ui.main.MainView;
import dev.tokentap.ui.main.MainViewModel;
import dev.tokentap.ui.main.StartupDialogs;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Scene;
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
  private LongConsumer inspect = id -> {};
  private DashboardWiring dashboard;
  private ServerWiring server;
  private volatile ReplayWiring replay;
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
        return OpenWindowRunner.run(
            options.dataDir().resolve(ExchangeStore.DATABASE_FILE), env, out, err);
      }
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "tokentap-shutdown"));
    CleanStop.install();
    AotTraining.startIfAsked(app);
    app.awaitClosed();
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
            NextFrame::run,
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
        () ->
            Optional.ofNullable(main.get()).ifPresent(m -> m.recorderStatus(recorderStatus.get()));
    TokenTap tokenTap =
        new TokenTap(
            options,
            out,
            err,
            feed,
            feed::stored,
            status -> {
              recorderStatus.set(status);
              NextFrame.run(showRecorderStatus);
            });
    // a long history is summed up once after an upgrade: a small window says so meanwhile
    SimpleStringProperty preparing = new SimpleStringProperty();
    AtomicReference<StartupProgressView> progress = new AtomicReference<>();
    FxThreads.onFxThread(() -> progress.set(new StartupProgressView(preparing)));
    try {
      tokenTap.openStore(line -> NextFrame.run(() -> preparing.set(line)));
      dashboard.open(tokenTap.store());
    } catch (StartupException e) {
      FxThreads.onFxThread(() -> progress.get().close());
      if (!(e.getCause() instanceof DataDirInUseException)) {
        StartupDialogs.showStartupFailure(TITLE, TokenTapControl.capitalized(e.getMessage()));
      }
      throw e;
    }
    // the forwarder starts while the window is built; a port it cannot use shows once known
    CompletableFuture<String> listening = ForwarderStartup.start(tokenTap, err);
    ExecutorService worker = newWorker();
    DesktopApp app = new DesktopApp(tokenTap, worker, env, err, windowStates, remembered);
    app.dashboard = dashboard;
    app.server = server;
    FxThreads.onFxThread(
        () -> {
          progress.get().close();
          ActivityViewModel a =
              new ActivityViewModel(
                  tokenTap.store(), worker, NextFrame::run, System::currentTimeMillis);
          activity.set(a);
          main.set(
              new MainViewModel(
                  a, new TokenTapControl(tokenTap, app.serverHttp), worker, NextFrame::run));
          showRecorderStatus.run();
          app.show(main.get());
          app.rememberRange(dashboard.show(app.mainView, a, app.inspect));
          server
              .show(app.mainView, app.stage, app.serverHttp, tokenTap::upstream, a)
              .snapshotProperty()
              .subscribe(tokenTap.conversations()::serverRead);
          a.start();
        });
    String problem = listening.join();
    FxThreads.onFxThread(() -> main.get().forwarderStarted(problem));
    return app;
  }

  /** Reads for the windows: two threads. */
  private static ExecutorService newWorker() {
    return FxThreads.newWorker("tokentap-ui-worker", 2);
  }

  private void show(MainViewModel vm) {
    mainViewModel = vm;
    mainView = new MainView(vm);
    inspect =
        InspectorWiring.install(
            mainView,
            vm.activity(),
            tokenTap.store(),
            worker,
            r -> theme.attach(r),
            id -> replay.open(stage, id));
    if (tokenTap.demo()) {
      mainView.markDemo(
          "DEMO — a simulated model server and generated traffic;"
              + " this history is temporary and is deleted when TokenTap closes");
    }
    stage = new Stage();
    theme = Theme.followingSystem();
    replay = new ReplayWiring(tokenTap, serverHttp, theme);
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
            NextFrame::run);
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
      WindowState state = stage == null ? null : FxThreads.onFxThreadIfRunning(this::windowState);
      if (state != null) {
        windowStates.save(state);
      }
      tokenTap.stop();
      worker.shutdownNow();
      dashboard.close();
      server.close();
      if (replay != null) {
        replay.close();
      }
      serverHttp.close();
      if (stage != null) {
        FxThreads.onFxThreadIfRunning(
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
    FxThreads.await(closed);
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

  /** The toolkit started, or a StartupException saying why not. */
  static void startToolkit() throws StartupException {
    try {
      FxThreads.startToolkit();
    } catch (FxThreads.NoToolkitException e) {
      throw new StartupException(e.getMessage());
    }
  }

  /**
   * Another TokenTap holds the data dir: offers its history read-only ({@link
   * StartupDialogs#offerReadOnly}). True when the user chose that.
   */
  private static boolean offerReadOnly(String message) {
    try {
      startToolkit();
    } catch (StartupException e) {
      return false;
    }
    return StartupDialogs.offerReadOnly(TITLE, TokenTapControl.capitalized(message));
  }
}
