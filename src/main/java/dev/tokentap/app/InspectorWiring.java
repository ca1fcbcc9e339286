package dev.tokentap.app;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.inspector.InspectorView;
import dev.tokentap.ui.inspector.InspectorViewModel;
import dev.tokentap.ui.main.MainView;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/** The inspector in a window: double-click or Enter on a row opens it beside the table. */
final class InspectorWiring {

  private InspectorWiring() {}

  /** Wires the inspector into {@code main} (FX thread), without Replay... (an opened file). */
  static LongConsumer install(
      MainView main, ActivityViewModel activity, ExchangeStore store, Executor worker) {
    return install(main, activity, store, worker, null);
  }

  /**
   * Wires the inspector into {@code main} (FX thread); × or Esc closes it, its Replay... button
   * runs {@code replay} with the exchange's id. The text {@code activity}'s table is filtered by is
   * marked in the bodies. Returns what opens an exchange by id in it (a chart point's click).
   */
  static LongConsumer install(
      MainView main,
      ActivityViewModel activity,
      ExchangeStore store,
      Executor worker,
      LongConsumer replay) {
    InspectorViewModel vm = new InspectorViewModel(store, worker, Platform::runLater);
    vm.setMatch(activity.filterProperty().get().text());
    activity.filterProperty().addListener((o, was, f) -> vm.setMatch(f.text()));
    InspectorView inspector = new InspectorView(vm);
    if (replay != null) {
      inspector.setOnReplay(replay);
    }
    inspector.setOnClose(
        () -> {
          main.setSidePane(null);
          main.activity().table().requestFocus();
        });
    LongConsumer open =
        id -> {
          vm.open(id);
          if (inspector.root().getScene() == null) {
            main.setSidePane(inspector.root());
          }
        };
    main.activity().setOnInspect(row -> open.accept(row.id()));
    main.root()
        .addEventHandler(
            KeyEvent.KEY_PRESSED,
            e -> {
              if (e.getCode() == KeyCode.ESCAPE && inspector.root().getScene() != null) {
                inspector.close();
                e.consume();
              }
            });
    return open;
  }
}
