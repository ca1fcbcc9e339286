package dev.tokentap.ui.inspector;

import dev.tokentap.model.ByteSize;
import dev.tokentap.store.ExchangeReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The inspector's state: one exchange, read on the worker (row, capture, event times, bodies' text,
 * events, answer) and published to the FX thread as one immutable {@link Inspection}. When another
 * exchange is opened before a read finishes, the late result is dropped. Holds no Nodes; call its
 * methods on the FX thread.
 */
public final class InspectorViewModel {

  /** Which body. */
  public enum Side {
    REQUEST,
    RESPONSE
  }

  /**
   * A row not in the store yet (still running, or on its way to the store) is asked for again this
   * often, from a timer, so no worker thread waits for it.
   */
  private static final long STORE_WAIT_MILLIS = 250;

  private static final ScheduledExecutorService RETRIES =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("tokentap-inspector-retry").unstarted(r));

  private final ExchangeReads store;
  private final Executor worker;
  private final Executor fx;
  private final ReadOnlyObjectWrapper<Inspection> inspection = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper match = new ReadOnlyStringWrapper();
  private final AtomicLong generation = new AtomicLong(); // written on FX, read on the worker
  private long openId = -1;

  /**
   * @param worker runs the reads (a pool thread in the app, the calling thread in tests)
   * @param fx runs results on the FX thread ({@code NextFrame::run} in the app)
   */
  public InspectorViewModel(ExchangeReads store, Executor worker, Executor fx) {
    this.store = store;
    this.worker = worker;
    this.fx = fx;
  }

  /** Opens exchange {@code id}: clears what is shown and reads it on the worker. */
  public void open(long id) {
    long gen = generation.incrementAndGet();
    openId = id;
    loading.set(true);
    inspection.set(null);
    problem.set(null);
    message.set(null);
    title.set("Exchange #" + id);
    worker.execute(() -> load(id, gen));
  }

  /** Reads exchange {@code id} on the worker; one that is not stored yet is asked for again. */
  private void load(long id, long gen) {
    if (gen != generation.get()) {
      return; // another exchange was opened meanwhile
    }
    Inspection result = null;
    String failure = null;
    try {
      result = InspectionLoader.load(store, id);
    } catch (NoSuchElementException e) {
      if (store.maxId() >= id) {
        failure = e.getMessage(); // later exchanges are stored: this one never will be
      } else {
        fx.execute(
            () -> {
              if (gen == generation.get()) {
                message.set("Still running or on its way to the store: shown when it is stored.");
              }
            });
        RETRIES.schedule(
            () -> worker.execute(() -> load(id, gen)), STORE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
    } catch (RuntimeException e) {
      failure = "Cannot read exchange #" + id + ": " + e.getMessage();
    }
    Inspection done = result;
    String why = failure;
    fx.execute(
        () -> {
          if (gen != generation.get()) {
            return; // another exchange was opened meanwhile
          }
          loading.set(false);
          message.set(null);
          problem.set(why);
          if (done != null) {
            title.set(title(done));
            inspection.set(done);
          }
        });
  }

  /** Forgets the exchange (the pane was closed); a read still running is dropped. */
  public void clear() {
    generation.incrementAndGet();
    openId = -1;
    loading.set(false);
    inspection.set(null);
    problem.set(null);
    message.set(null);
    title.set("");
  }

  /**
   * Marks {@code text} in the bodies shown: the activity table's filter text (null or blank for
   * none), which also finds text inside captured bodies.
   */
  public void setMatch(String text) {
    match.set(text == null || text.isBlank() ? null : text.strip());
  }

  /** The text marked in the bodies, or null. */
  public ReadOnlyStringProperty matchProperty() {
    return match.getReadOnlyProperty();
  }

  /** The id shown (or being read), -1 when none. */
  public long openId() {
    return openId;
  }

  /** What is shown; null while loading or when nothing is open. */
  public ReadOnlyObjectProperty<Inspection> inspectionProperty() {
    return inspection.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** A line naming the exchange: {@code #12 POST /v1/chat/completions · tiny · 200}. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Why the exchange cannot be shown, or null. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** The outcome of the last action (copied, saved, could not save), or null. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The request as a curl command, secrets as {@code [REDACTED]}; "" when nothing is open. */
  public String curlText() {
    Inspection i = inspection.get();
    return i == null ? "" : i.curl();
  }

  /** A body as text (decoded, redacted, as stored); "" when there is none. */
  public String bodyText(Side side) {
    BodyText b = body(side);
    return b == null ? "" : b.raw();
  }

  /** Whether {@code side} has a captured body. */
  public boolean hasBody(Side side) {
    return body(side) != null;
  }

  /** Tells the user what was copied (the view put it on the clipboard). */
  public void copied(String what) {
    message.set("Copied " + what + ".");
  }

  /** Writes a body's stored bytes to {@code file} on the worker; the message says how it went. */
  public void saveBody(Side side, Path file) {
    BodyText b = body(side);
    if (b == null) {
      message.set("There is no " + side.name().toLowerCase(Locale.ROOT) + " body.");
      return;
    }
    long gen = generation.get();
    byte[] bytes = b.bytes();
    message.set("Saving…");
    worker.execute(
        () -> {
          String outcome;
          try {
            Files.write(file, bytes);
            outcome = "Saved " + ByteSize.format(bytes.length) + " to " + file + ".";
          } catch (IOException | RuntimeException e) {
            outcome = "Could not save to " + file + ": " + e.getMessage();
          }
          String said = outcome;
          fx.execute(
              () -> {
                if (gen == generation.get()) {
                  message.set(said);
                }
              });
        });
  }

  private BodyText body(Side side) {
    Inspection i = inspection.get();
    if (i == null) {
      return null;
    }
    return side == Side.REQUEST ? i.request() : i.response();
  }

  private static String title(Inspection i) {
    var r = i.row();
    StringBuilder b = new StringBuilder();
    b.append('#').append(r.id()).append("  ").append(r.method()).append(' ').append(r.path());
    if (r.model() != null) {
      b.append("  ·  ").append(r.model());
    }
    b.append("  ·  ").append(r.status() == null ? r.outcome().code() : r.status());
    return b.toString();
  }
}
