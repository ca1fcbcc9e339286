package dev.tokentap.ui.main;

import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.model.Addresses;
import dev.tokentap.server.UpstreamProbe;
import dev.tokentap.store.RecorderStatus;
import dev.tokentap.ui.activity.ActivityViewModel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The main window's state: the top bar (listen address, upstream and its health, recording) and a
 * notice for the user when something needs doing. FX thread only; forwarder changes and upstream
 * checks run on {@code worker}. A {@linkplain #readOnly read-only} one shows an opened session
 * file: it has no forwarder, so the forwarder's commands do nothing.
 */
public final class MainViewModel {

  private final ActivityViewModel activity;
  private final ForwarderControl control; // null: read-only
  private final String readOnlySource;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final StringProperty listen = new SimpleStringProperty(this, "listen", "");
  private final StringProperty upstream = new SimpleStringProperty(this, "upstream", "");
  private final BooleanProperty recording = new SimpleBooleanProperty(this, "recording", true);
  private final ReadOnlyObjectWrapper<UpstreamProbe.Health> health =
      new ReadOnlyObjectWrapper<>(this, "health");
  private final ReadOnlyStringWrapper healthText =
      new ReadOnlyStringWrapper(this, "healthText", "checking…");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyStringWrapper storeProblem =
      new ReadOnlyStringWrapper(this, "storeProblem");
  private boolean probing;

  /**
   * @param control the forwarder, which may still be starting ({@link #forwarderStarted})
   */
  public MainViewModel(
      ActivityViewModel activity,
      ForwarderControl control,
      Executor worker,
      Consumer<Runnable> fxThread) {
    this.activity = activity;
    this.control = Objects.requireNonNull(control, "control");
    this.readOnlySource = null;
    this.worker = worker;
    this.fxThread = fxThread;
    upstream.set(control.upstream().toString());
    showListenAddress();
    recording.addListener((o, was, on) -> worker.execute(() -> control.setRecording(on)));
  }

  /**
   * The forwarder started (the window is built meanwhile): shows the address it listens on, or
   * {@code problem}, why it could not.
   */
  public void forwarderStarted(String problem) {
    showListenAddress();
    if (problem != null) {
      error.set(problem);
    }
  }

  private void showListenAddress() {
    InetSocketAddress a = control.listenAddress();
    listen.set(a == null ? "" : Addresses.hostPort(a));
  }

  private MainViewModel(ActivityViewModel activity, String source) {
    this.activity = activity;
    this.control = null;
    this.readOnlySource = source;
    this.worker = task -> {};
    this.fxThread = Runnable::run;
    healthText.set("");
    activity.followProperty().set(false);
  }

  /**
   * A window over an opened session file: no listen, upstream or record controls.
   *
   * @param source what is shown, for the "Read-only session: FILE" label
   */
  public static MainViewModel readOnly(ActivityViewModel activity, String source) {
    return new MainViewModel(activity, source);
  }

  /** True for a window over an opened session file. */
  public boolean isReadOnly() {
    return control == null;
  }

  /** The opened file a read-only window shows; null otherwise. */
  public String readOnlySource() {
    return readOnlySource;
  }

  public ActivityViewModel activity() {
    return activity;
  }

  /** The listen address as typed ({@code HOST:PORT}); applied by {@link #applyListen}. */
  public StringProperty listenProperty() {
    return listen;
  }

  /** The upstream base URL as typed; applied by {@link #applyUpstream}. */
  public StringProperty upstreamProperty() {
    return upstream;
  }

  /** Record new exchanges (on) or only forward them (off). */
  public BooleanProperty recordingProperty() {
    return recording;
  }

  /** The upstream's health at the last check; null before the first. */
  public ReadOnlyObjectProperty<UpstreamProbe.Health> healthProperty() {
    return health.getReadOnlyProperty();
  }

  /** The health in words: "llama-server ready", "down", ... */
  public ReadOnlyStringProperty healthTextProperty() {
    return healthText.getReadOnlyProperty();
  }

  /** What the user should do now (first run: nothing at the upstream), or null. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** The last thing that went wrong (a port in use, a malformed URL), or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /**
   * Why exchanges are not being stored, and how many wait ("Not recording: disk full — 1,234
   * exchanges waiting; freed space is picked up by itself"); null while the store takes writes.
   */
  public ReadOnlyStringProperty storeProblemProperty() {
    return storeProblem.getReadOnlyProperty();
  }

  /** The recorder said how it is doing (on the FX thread). */
  public void recorderStatus(RecorderStatus status) {
    storeProblem.set(status.recording() ? null : status.text());
  }

  /** Uses the typed upstream URL for new requests. */
  public void applyUpstream() {
    if (control == null) {
      return;
    }
    URI uri;
    try {
      uri = Addresses.upstreamUrl(upstream.get().strip());
    } catch (IllegalArgumentException e) {
      error.set("Upstream " + CaptureRedactor.redactText(e.getMessage()));
      return;
    }
    worker.execute(
        () -> {
          control.changeUpstream(uri);
          fxThread.accept(
              () -> {
                error.set(null);
                upstream.set(uri.toString());
              });
          checkUpstreamNow();
        });
  }

  /** Listens on the typed address; on failure the old one stays and the reason is shown. */
  public void applyListen() {
    if (control == null) {
      return;
    }
    String typed = listen.get().strip();
    worker.execute(
        () -> {
          InetSocketAddress address;
          try {
            address = Addresses.listenAddress(typed);
          } catch (IllegalArgumentException e) {
            fxThread.accept(() -> error.set("Listen " + e.getMessage()));
            return;
          }
          try {
            control.changeListen(address);
            InetSocketAddress now = control.listenAddress();
            fxThread.accept(
                () -> {
                  error.set(null);
                  listen.set(Addresses.hostPort(now));
                });
          } catch (IllegalStateException e) {
            fxThread.accept(() -> error.set(e.getMessage()));
          }
        });
  }

  /** Asks the upstream how it is (skipped while a check runs). */
  public void checkUpstream() {
    if (probing || control == null) {
      return;
    }
    probing = true;
    worker.execute(this::checkUpstreamNow);
  }

  private void checkUpstreamNow() {
    UpstreamProbe.Health h = control.probeUpstream();
    URI where = control.upstream();
    fxThread.accept(
        () -> {
          probing = false;
          health.set(h);
          healthText.set(describe(h));
          notice.set(noticeFor(h, where));
        });
  }

  static String describe(UpstreamProbe.Health h) {
    return switch (h) {
      case READY -> "llama-server ready";
      case LOADING -> "llama-server loading a model";
      case NOT_LLAMA_SERVER -> "up (not llama-server)";
      case DOWN -> "down";
    };
  }

  static String noticeFor(UpstreamProbe.Health h, URI upstream) {
    if (h != UpstreamProbe.Health.DOWN) {
      return null;
    }
    String port = upstream.getPort() > 0 ? Integer.toString(upstream.getPort()) : "8080";
    return "Nothing is answering at "
        + CaptureRedactor.redactText(upstream.toString())
        + ". Start your model server there (for llama.cpp: llama-server -m MODEL.gguf --port "
        + port
        + "), or type the address of the one you run in Upstream above and press Enter."
        + " Until then, clients get 502 upstream_unavailable.";
  }
}
