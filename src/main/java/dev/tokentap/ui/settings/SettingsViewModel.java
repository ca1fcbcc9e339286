package dev.tokentap.ui.settings;

import dev.tokentap.ui.main.MainViewModel;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings dialog's state. {@link #load} reads the config file on {@code worker}; {@link #save}
 * checks and writes it there, then applies listen and upstream to the running forwarder the way the
 * top bar does (through {@link MainViewModel}). Captures and retention apply at the next start. FX
 * thread only.
 */
public final class SettingsViewModel {

  /** Said in the dialog: what a save changes now and what later. */
  public static final String APPLIES =
      "Listen, upstream and the server's status apply at once. Captures and retention apply at the next start."
          + " Command-line flags override these settings.";

  private final SettingsStore store;
  private final MainViewModel main;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final StringProperty listen = new SimpleStringProperty(this, "listen", "");
  private final StringProperty upstream = new SimpleStringProperty(this, "upstream", "");
  private final BooleanProperty capture = new SimpleBooleanProperty(this, "capture", true);
  private final StringProperty captureCap = new SimpleStringProperty(this, "captureCap", "");
  private final StringProperty keepAge = new SimpleStringProperty(this, "keepAge", "");
  private final StringProperty keepExchanges = new SimpleStringProperty(this, "keepExchanges", "");
  private final StringProperty keepCaptures = new SimpleStringProperty(this, "keepCaptures", "");
  private final StringProperty keepSummaries = new SimpleStringProperty(this, "keepSummaries", "");
  private final BooleanProperty serverStatus =
      new SimpleBooleanProperty(this, "serverStatus", true);
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyBooleanWrapper saved = new ReadOnlyBooleanWrapper(this, "saved");

  /**
   * @param main the window whose listen and upstream a save changes (live)
   */
  public SettingsViewModel(
      SettingsStore store, MainViewModel main, Executor worker, Consumer<Runnable> fxThread) {
    this.store = store;
    this.main = main;
    this.worker = worker;
    this.fxThread = fxThread;
  }

  public StringProperty listenProperty() {
    return listen;
  }

  public StringProperty upstreamProperty() {
    return upstream;
  }

  public BooleanProperty captureProperty() {
    return capture;
  }

  public StringProperty captureCapProperty() {
    return captureCap;
  }

  public StringProperty keepAgeProperty() {
    return keepAge;
  }

  public StringProperty keepExchangesProperty() {
    return keepExchanges;
  }

  public StringProperty keepCapturesProperty() {
    return keepCaptures;
  }

  public StringProperty keepSummariesProperty() {
    return keepSummaries;
  }

  /** Read the model server's status for the Server tab (applies at once). */
  public BooleanProperty serverStatusProperty() {
    return serverStatus;
  }

  /** Why the last load or save failed, or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** Where the settings are saved (once loaded). */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** A load or save is running. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Becomes true when a save succeeded (the dialog closes then). */
  public ReadOnlyBooleanProperty savedProperty() {
    return saved.getReadOnlyProperty();
  }

  /** Reads the settings into the fields; listen and upstream are the ones in use now. */
  public void load() {
    busy.set(true);
    worker.execute(
        () -> {
          try {
            Settings s = store.load();
            String where = store.location();
            fxThread.accept(
                () -> {
                  set(s);
                  if (!main.isReadOnly()) { // what this run uses, as the top bar shows it
                    listen.set(main.listenProperty().get());
                    upstream.set(main.upstreamProperty().get());
                  }
                  message.set("Saved in " + where + ".");
                  busy.set(false);
                });
          } catch (RuntimeException e) {
            fxThread.accept(
                () -> {
                  error.set(readable(e));
                  busy.set(false);
                });
          }
        });
  }

  /** The fields as they are now. */
  public Settings current() {
    return new Settings(
        listen.get().strip(),
        upstream.get().strip(),
        capture.get(),
        captureCap.get().strip(),
        keepAge.get().strip(),
        keepExchanges.get().strip(),
        keepCaptures.get().strip(),
        keepSummaries.get().strip(),
        serverStatus.get());
  }

  /** Checks and writes the fields; on success applies listen and upstream if they changed. */
  public void save() {
    Settings s = current();
    busy.set(true);
    error.set(null);
    worker.execute(
        () -> {
          try {
            store.save(s);
            fxThread.accept(() -> applied(s));
          } catch (RuntimeException e) {
            fxThread.accept(
                () -> {
                  error.set(readable(e));
                  busy.set(false);
                });
          }
        });
  }

  private void applied(Settings s) {
    busy.set(false);
    if (!main.isReadOnly()) {
      if (!s.upstream().equals(main.upstreamProperty().get())) {
        main.upstreamProperty().set(s.upstream());
        main.applyUpstream();
      }
      if (!s.listen().equals(main.listenProperty().get())) {
        main.listenProperty().set(s.listen());
        main.applyListen();
      }
    }
    saved.set(true);
  }

  private void set(Settings s) {
    listen.set(s.listen());
    upstream.set(s.upstream());
    capture.set(s.capture());
    captureCap.set(s.captureCap());
    keepAge.set(s.keepAge());
    keepExchanges.set(s.keepExchanges());
    keepCaptures.set(s.keepCaptures());
    keepSummaries.set(s.keepSummaries());
    serverStatus.set(s.serverStatus());
  }

  private static String readable(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "Cannot save the settings (" + e + ")." : m;
  }
}
