package dev.tokentap.ui.server;

import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.ui.activity.LiveEvent;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Server tab's state. {@link #tick} (a timer, 4 times a second) starts a read of the model
 * server on {@code worker} only when the setting is on, the tab is shown or exchanges run, no read
 * is running and the last one began at least 250 ms ago; the snapshot comes back to the FX thread
 * as a headline, slot rows, figures and a note. FX thread only; no I/O here.
 */
public final class ServerViewModel {

  /** At most 4 reads a second. */
  public static final long MIN_INTERVAL_NANOS = 250_000_000L;

  static final String OFF =
      "Reading the model server's status is off (File > Settings: \"Read the model server's"
          + " status\").";

  private final Supplier<ServerSnapshot> reader;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final LongSupplier nanoTime;
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown");
  private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
  private final ReadOnlyObjectWrapper<ServerSnapshot> snapshot =
      new ReadOnlyObjectWrapper<>(this, "snapshot");
  private final ReadOnlyStringWrapper headline =
      new ReadOnlyStringWrapper(this, "headline", "Not read yet.");
  private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note");
  private final ObservableList<ServerLines.SlotRow> slots = FXCollections.observableArrayList();
  private final ObservableList<ServerLines.Figure> figures = FXCollections.observableArrayList();
  private int inFlight;
  private boolean reading;
  private long lastStart;
  private boolean everStarted;
  private long reads;

  /**
   * @param reader reads the model server once (blocking; runs on {@code worker})
   * @param nanoTime a monotonic clock (the rate limit)
   */
  public ServerViewModel(
      Supplier<ServerSnapshot> reader,
      Executor worker,
      Consumer<Runnable> fxThread,
      LongSupplier nanoTime) {
    this.reader = reader;
    this.worker = worker;
    this.fxThread = fxThread;
    this.nanoTime = nanoTime;
    enabled.subscribe(
        on -> {
          if (!on) {
            slots.clear();
            figures.clear();
            snapshot.set(null);
            headline.set(OFF);
            note.set(null);
          } else if (OFF.equals(headline.get())) {
            headline.set("Not read yet.");
          }
          tick();
        });
    shown.subscribe(this::tick);
  }

  /** The tab is on screen (bound by the view to its tab's selection and the window). */
  public BooleanProperty shownProperty() {
    return shown;
  }

  /** The setting "Read the model server's status"; off: no request at all. */
  public BooleanProperty enabledProperty() {
    return enabled;
  }

  public ReadOnlyObjectProperty<ServerSnapshot> snapshotProperty() {
    return snapshot.getReadOnlyProperty();
  }

  /** "llama-server at ... · build ... · model · n_ctx 4,096 · 4 slots" */
  public ReadOnlyStringProperty headlineProperty() {
    return headline.getReadOnlyProperty();
  }

  /** A plain sentence when something is missing (nothing answers, counters off...), or null. */
  public ReadOnlyStringProperty noteProperty() {
    return note.getReadOnlyProperty();
  }

  ObservableList<ServerLines.SlotRow> slots() {
    return slots;
  }

  ObservableList<ServerLines.Figure> figures() {
    return figures;
  }

  /** Exchanges started and ended (from the activity feed): reads go on while any runs. */
  public void apply(List<LiveEvent> events) {
    for (LiveEvent e : events) {
      if (e instanceof LiveEvent.Started) {
        inFlight++;
      } else if (e instanceof LiveEvent.Finished) {
        inFlight = Math.max(0, inFlight - 1);
      }
    }
    if (inFlight > 0) {
      tick();
    }
  }

  /** Starts a read if one is due (see the class comment). */
  public void tick() {
    if (!enabled.get() || reading || !(shown.get() || inFlight > 0)) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (everStarted && now - lastStart < MIN_INTERVAL_NANOS) {
      return;
    }
    everStarted = true;
    lastStart = now;
    reading = true;
    reads++;
    worker.execute(
        () -> {
          ServerSnapshot s;
          try {
            s = reader.get();
          } catch (RuntimeException e) {
            s = null;
          }
          ServerSnapshot read = s;
          fxThread.accept(() -> show(read));
        });
  }

  private void show(ServerSnapshot s) {
    reading = false;
    if (!enabled.get()) {
      return; // turned off while it read
    }
    if (s == null) {
      note.set("The last read of the model server failed.");
      return;
    }
    snapshot.set(s);
    headline.set(ServerLines.headline(s));
    note.set(s.note());
    slots.setAll(s.slots().stream().map(ServerLines::slot).toList());
    figures.setAll(ServerLines.figures(s));
  }

  /** Reads started so far (for tests). */
  long reads() {
    return reads;
  }

  /** Exchanges running now, as the feed told (for tests). */
  int inFlight() {
    return inFlight;
  }
}
