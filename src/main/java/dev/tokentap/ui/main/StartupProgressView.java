package dev.tokentap.ui.main;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * A small window while TokenTap prepares its history before the main window opens (summing up a
 * long history once, after an upgrade): what it is doing, as the store says it. Shown when {@code
 * message} first gets a text, closed by {@link #close()}. FX thread only. Its model is the message
 * property: the store's progress lines, nothing to decide.
 */
public final class StartupProgressView {

  private final ReadOnlyStringProperty message;
  private Stage stage;
  private boolean closed;

  public StartupProgressView(ReadOnlyStringProperty message) {
    this.message = message;
    message.subscribe(text -> showIfNeeded());
  }

  private void showIfNeeded() {
    if (closed || stage != null || message.get() == null) {
      return;
    }
    Label text = new Label();
    text.setId("startup-progress-text");
    text.setWrapText(true);
    text.textProperty().bind(message);
    ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    bar.setMaxWidth(Double.MAX_VALUE);
    VBox box = new VBox(10, new Label("Preparing your history…"), text, bar);
    box.setPadding(new Insets(16));
    box.setPrefWidth(460);
    stage = new Stage(StageStyle.UTILITY);
    stage.setTitle("TokenTap");
    stage.setScene(new Scene(box));
    stage.show();
  }

  /** Closes the window (when it was shown); later messages show nothing. */
  public void close() {
    closed = true;
    if (stage != null) {
      stage.close();
    }
  }
}
