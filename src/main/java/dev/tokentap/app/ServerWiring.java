package dev.tokentap.app;

import dev.tokentap.server.ServerHttp;
import dev.tokentap.server.ServerProbe;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.activity.LiveEvent;
import dev.tokentap.ui.fx.FxThreads;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.main.MainView;
import dev.tokentap.ui.server.ServerView;
import dev.tokentap.ui.server.ServerViewModel;
import dev.tokentap.ui.settings.SettingsViewModel;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.stage.Stage;

/**
 * The Server tab in the window: its own worker thread (a slow model server must not hold up the
 * window's other reads), a {@link ServerProbe} on TokenTap's shared {@link ServerHttp}, the view
 * model and view. The setting "Read the model server's status" comes from the config file at start
 * and from the Settings dialog when it is saved.
 */
final class ServerWiring {

  private final ExecutorService worker = FxThreads.newWorker("tokentap-server-panel", 1);
  private final boolean enabledAtStart;
  private volatile ServerViewModel vm;

  private ServerWiring(boolean enabledAtStart) {
    this.enabledAtStart = enabledAtStart;
  }

  /** With the setting as {@code configFile} has it (on when unset or unreadable). */
  static ServerWiring fromConfig(Path configFile) {
    boolean on = true;
    try {
      Boolean set = Config.load(configFile).serverStatus();
      on = set == null || set;
    } catch (Config.ConfigException e) {
      // the window says what is wrong with the file elsewhere; the tab reads by default
    }
    return new ServerWiring(on);
  }

  /**
   * Builds the view model and the Server tab (FX thread); each read also goes to {@code activity}
   * (its n_ctx for the Context column, its slots for the running rows' phase). The tab counts as
   * shown while it is chosen and {@code window} is on screen (not hidden, not minimised).
   */
  ServerViewModel show(
      MainView main,
      Stage window,
      ServerHttp http,
      Supplier<URI> upstream,
      ActivityViewModel activity) {
    ServerProbe probe = new ServerProbe(http);
    ServerViewModel s =
        new ServerViewModel(
            () -> probe.read(upstream.get()), worker, NextFrame::run, System::nanoTime);
    s.enabledProperty().set(enabledAtStart);
    s.snapshotProperty().subscribe(activity::serverRead);
    ServerView view = new ServerView(s);
    s.shownProperty()
        .bind(
            main.addTab("Server", view.root())
                .selectedProperty()
                .and(window.showingProperty())
                .and(window.iconifiedProperty().not()));
    vm = s;
    return s;
  }

  /** A saved Settings dialog turns the reads on or off at once (FX thread). */
  void follow(SettingsViewModel settings) {
    settings
        .savedProperty()
        .subscribe(
            saved -> {
              ServerViewModel s = vm;
              if (saved && s != null) {
                s.enabledProperty().set(settings.serverStatusProperty().get());
              }
            });
  }

  /** Traffic from the feed (FX thread): reads go on while exchanges run. */
  void apply(List<LiveEvent> events) {
    ServerViewModel s = vm;
    if (s != null) {
      s.apply(events);
    }
  }

  /** Stops the worker (a running read ends within the client's timeouts). */
  void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
