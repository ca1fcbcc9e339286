package dev.tokentap.app;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.ExportJob;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.export.ExportDialog;
import dev.tokentap.ui.export.ExportViewModel;
import dev.tokentap.ui.fx.FilePicker;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.main.AppMenus;
import dev.tokentap.ui.main.MainView;
import dev.tokentap.ui.main.MainViewModel;
import dev.tokentap.ui.main.Theme;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The windows over opened session and HAR files (File &gt; Open Session…, {@code --open FILE}),
 * read-only: the main window's view without the forwarder's controls. Also shows the export dialog
 * for any window. Files are opened on a worker; a failure is a dialog with the reason. FX thread
 * only, except where said.
 */
final class SessionWindows {

  private final Executor worker;
  private final Theme theme;
  private final Supplier<FilePicker> picker;
  private final Runnable quit;
  private final Runnable allClosed;
  private final List<Stage> open = new ArrayList<>();

  /**
   * @param worker reads for the windows (never the FX thread)
   * @param quit File &gt; Quit
   * @param allClosed runs when the last session window closes
   */
  SessionWindows(
      Executor worker,
      Theme theme,
      Supplier<FilePicker> picker,
      Runnable quit,
      Runnable allClosed) {
    this.worker = worker;
    this.theme = theme;
    this.picker = picker;
    this.quit = quit;
    this.allClosed = allClosed;
  }

  /** Asks for a file and opens it in a new window. */
  void choose(Window owner) {
    Path file = picker.get().open(owner);
    if (file != null) {
      open(file, owner);
    }
  }

  /** Opens {@code file} on a worker, then shows it; a failure is a dialog. */
  void open(Path file, Window owner) {
    Thread.ofPlatform()
        .daemon()
        .name("tokentap-open")
        .start(
            () -> {
              try {
                OpenedSession s = OpenedSession.open(file);
                Platform.runLater(() -> show(s));
              } catch (ExportException | IllegalStateException e) {
                Platform.runLater(
                    () -> error(owner, "Cannot open " + file.getFileName(), e.getMessage()));
              }
            });
  }

  /** A window over {@code session}; closing it closes the session (its temporary files go). */
  Stage show(OpenedSession session) {
    ExchangeStore store = session.store();
    ActivityViewModel a =
        new ActivityViewModel(store, worker, NextFrame::run, System::currentTimeMillis);
    String where = session.file().toAbsolutePath().normalize().toString();
    MainView view = new MainView(MainViewModel.readOnly(a, where + " (" + session.detail() + ")"));
    InspectorWiring.install(view, a, store, worker, theme::attach);
    Stage stage = new Stage();
    AppMenus.install(
        view.menuBar(),
        new AppMenus.Actions(
            () -> choose(stage),
            () -> showExport(stage, store, "Export from " + session.file().getFileName()),
            null,
            stage::close,
            quit,
            () -> view.filterField().requestFocus(),
            null,
            null),
        theme.choiceProperty());
    Scene scene = new Scene(view.root(), 1100, 700);
    scene
        .getStylesheets()
        .add(SessionWindows.class.getResource(DesktopApp.STYLESHEET).toExternalForm());
    theme.attach(scene.getRoot());
    stage.setTitle(DesktopApp.TITLE + " — " + session.file().getFileName() + " (read-only)");
    stage.setScene(scene);
    stage.setOnHidden(
        e -> {
          open.remove(stage);
          Thread.ofPlatform().name("tokentap-close-session").start(session::close);
          if (open.isEmpty()) {
            allClosed.run();
          }
        });
    open.add(stage);
    stage.show();
    a.start();
    view.activity().table().requestFocus();
    return stage;
  }

  /** The windows open now. */
  List<Stage> windows() {
    return List.copyOf(open);
  }

  /** Closes every session window. */
  void closeAll() {
    for (Stage s : List.copyOf(open)) {
      s.close();
    }
  }

  /** The export dialog over {@code store}'s file (read-only, beside a running recorder). */
  ExportDialog showExport(Window owner, ExchangeStore store, String title) {
    ExportViewModel vm =
        new ExportViewModel(
            store.databaseFile(),
            store::modelNames,
            new ExportJob(),
            task -> Thread.ofPlatform().daemon().name("tokentap-export").start(task),
            NextFrame::run,
            Instant::now);
    ExportDialog dialog = new ExportDialog(vm, picker.get(), owner, title);
    theme.attach(dialog.stage().getScene().getRoot());
    dialog.show();
    return dialog;
  }

  static void error(Window owner, String header, String message) {
    Alert alert = new Alert(Alert.AlertType.ERROR);
    if (owner != null) {
      alert.initOwner(owner);
    }
    alert.setTitle(DesktopApp.TITLE);
    alert.setHeaderText(header);
    alert.setContentText(TokenTapControl.capitalized(message == null ? "" : message));
    alert.show();
  }
}
