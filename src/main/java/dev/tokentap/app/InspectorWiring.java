package dev.tokentap.app;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.inspector.InspectorView;
import dev.tokentap.ui.inspector.InspectorViewModel;
import dev.tokentap.ui.main.MainView;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

/**
 * The inspector in a window: double-click or Enter on a row opens it beside the table; Detach opens
 * an exchange in a window of its own.
 */
final class InspectorWiring {

  private InspectorWiring() {}

  /** Wires the inspector into {@code main} (FX thread), without Replay... (an opened file). */
  static LongConsumer install(
      MainView main,
      ActivityViewModel activity,
      ExchangeStore store,
      Executor worker,
      Consumer<Parent> themed) {
    return install(main, activity, store, worker, themed, null);
  }

  /**
   * Wires the inspector into {@code main} (FX thread); × or Esc closes it, its Replay... button
   * runs {@code replay} with the exchange's id, its Detach opens the exchange in a window of its
   * own (dressed by {@code themed}, closed with the main one). Returns what opens an exchange by id
   * in it (a chart point's click). The text {@code activity}'s table is filtered by is marked in
   * the bodies.
   */
  static LongConsumer install(
      MainView main,
      ActivityViewModel activity,
      ExchangeStore store,
      Executor worker,
      Consumer<Parent> themed,
      LongConsumer replay) {
    InspectorViewModel vm = new InspectorViewModel(store, worker, NextFrame::run);
    vm.setMatch(activity.filterProperty().get().text());
    activity.filterProperty().addListener((o, was, f) -> vm.setMatch(f.text()));
    InspectorView inspector = new InspectorView(vm);
    if (replay != null) {
      inspector.setOnReplay(replay);
    }
    inspector.setOnDetach(
        id -> window(main, store, worker, themed, replay, id, vm.matchProperty().get()));
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

  /**
   * Exchange {@code id} in an inspector window of its own, owned by {@code main}'s (FX thread), the
   * filter text {@code match} of the moment marked in its bodies.
   */
  private static void window(
      MainView main,
      ExchangeStore store,
      Executor worker,
      Consumer<Parent> themed,
      LongConsumer replay,
      long id,
      String match) {
    InspectorViewModel vm = new InspectorViewModel(store, worker, NextFrame::run);
    vm.setMatch(match);
    InspectorView view = new InspectorView(vm);
    if (replay != null) {
      view.setOnReplay(replay);
    }
    Stage stage = new Stage();
    view.setOnClose(stage::close); // × and Esc
    Scene scene = new Scene((Parent) view.root(), 900, 760);
    scene.getStylesheets().setAll(main.root().getScene().getStylesheets());
    themed.accept(scene.getRoot());
    stage.initOwner(main.root().getScene().getWindow());
    stage.titleProperty().bind(vm.titleProperty().map(t -> DesktopApp.TITLE + " — " + t));
    stage.setScene(scene);
    stage.show();
    vm.open(id);
  }
}
