package dev.tokentap.app;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.inspector.InspectorView;
import dev.tokentap.ui.inspector.InspectorViewModel;
import dev.tokentap.ui.main.MainView;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** The inspector in a window: double-click or Enter on a row opens it beside the table. */
final class InspectorWiring {

  private InspectorWiring() {}

  /**
   * Wires the inspector into {@code main} (FX thread); × or Esc closes it. The text the table is
   * filtered by is marked in the bodies.
   */
  static void install(
      MainView main, ActivityViewModel activity, ExchangeStore store, Executor worker) {
    InspectorViewModel vm = new InspectorViewModel(store, worker, Platform::runLater);
    vm.setMatch(activity.filterProperty().get().text());
    activity.filterProperty().addListener((o, was, f) -> vm.setMatch(f.text()));
    InspectorView inspector = new InspectorView(vm);
    inspector.setOnClose(
        () -> {
          main.setSidePane(null);
          main.activity().table().requestFocus();
        });
    main.activity()
        .setOnInspect(
            row -> {
              vm.open(row.id());
              if (inspector.root().getScene() == null) {
                main.setSidePane(inspector.root());
              }
            });
    main.root()
        .addEventHandler(
            KeyEvent.KEY_PRESSED,
            e -> {
              if (e.getCode() == KeyCode.ESCAPE && inspector.root().getScene() != null) {
                inspector.close();
                e.consume();
              }
            });
  }
}
