package dev.tokentap.app;

import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.replay.Replayer;
import dev.tokentap.server.ReplaySender;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.ui.fx.FxThreads;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.main.Theme;
import dev.tokentap.ui.replay.ReplayView;
import dev.tokentap.ui.replay.ReplayViewModel;
import java.util.concurrent.ExecutorService;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The inspector's Replay...: one window per replay, its sending on threads of its own (an answer
 * can take minutes; the window's reads must not wait behind it), over TokenTap's shared {@link
 * ServerHttp}, recorded by the running app's recorder with the forwarder's meter factory.
 */
final class ReplayWiring {

  private final ExecutorService worker = FxThreads.newWorker("tokentap-replay", 2);
  private final Replayer replayer;
  private final TokenTap tokenTap;
  private final Theme theme;

  ReplayWiring(TokenTap tokenTap, ServerHttp http, Theme theme) {
    this.tokenTap = tokenTap;
    this.theme = theme;
    this.replayer = replayer(tokenTap, http);
  }

  /**
   * The window's replays for {@code tokenTap}: its store, the forwarder's meter factory and capture
   * cap, its recorder and ids.
   */
  static Replayer replayer(TokenTap tokenTap, ServerHttp http) {
    return new Replayer(
        tokenTap.store(),
        new ReplaySender(http, new MetricsMeterFactory(), tokenTap.captureCap()),
        tokenTap.replayRecording());
  }

  /** Opens a replay window for exchange {@code id} (FX thread). */
  void open(Window owner, long id) {
    ReplayViewModel vm =
        new ReplayViewModel(replayer, () -> tokenTap.upstream().toString(), worker, NextFrame::run);
    ReplayView view = new ReplayView(vm);
    Stage stage = new Stage();
    stage.initOwner(owner);
    Scene scene = new Scene(view.root(), 1180, 720);
    theme.attach(scene.getRoot());
    stage.setScene(scene);
    stage.titleProperty().bind(vm.titleProperty());
    stage.setOnHidden(e -> vm.forgetCredential());
    vm.open(id);
    stage.show();
  }

  /** Stops the replay threads (a replay still sending is cut; it was not recorded yet). */
  void close() {
    worker.shutdownNow();
  }
}
