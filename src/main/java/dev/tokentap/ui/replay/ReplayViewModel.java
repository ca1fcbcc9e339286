package dev.tokentap.ui.replay;

import dev.tokentap.replay.ReplayEdits;
import dev.tokentap.replay.ReplayRefused;
import dev.tokentap.replay.ReplayResult;
import dev.tokentap.replay.ReplaySide;
import dev.tokentap.replay.ReplaySource;
import dev.tokentap.replay.Replayer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The replay screen's state: the stored request (read on the worker), what the user edits (body,
 * model, upstream, an API key kept only in this object, never stored), sending on the worker, and
 * the two sides as stored. Holds no Nodes; call its methods on the FX thread.
 */
public final class ReplayViewModel {

  private final Replayer replayer;
  private final Supplier<String> currentUpstream;
  private final Executor worker;
  private final Executor fx;
  private final StringProperty body = new SimpleStringProperty("");
  private final StringProperty model = new SimpleStringProperty("");
  private final StringProperty upstream = new SimpleStringProperty("");
  private final StringProperty credential = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Replay");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<ReplayResult> result = new ReadOnlyObjectWrapper<>();
  private ReplaySource source;

  /**
   * @param currentUpstream the upstream TokenTap forwards to now: the default URL
   * @param worker runs the reads and the sending (a pool thread; the calling thread in tests)
   * @param fx runs results on the FX thread ({@code NextFrame::run} in the app)
   */
  public ReplayViewModel(
      Replayer replayer, Supplier<String> currentUpstream, Executor worker, Executor fx) {
    this.replayer = replayer;
    this.currentUpstream = currentUpstream;
    this.worker = worker;
    this.fx = fx;
  }

  /** Reads exchange {@code id}'s request for editing. */
  public void open(long id) {
    title.set("Replay of exchange #" + id);
    message.set("Reading exchange #" + id + "…");
    ready.set(false);
    result.set(null);
    worker.execute(
        () -> {
          try {
            ReplaySource s = replayer.source(id);
            fx.execute(() -> loaded(s));
          } catch (ReplayRefused | RuntimeException e) {
            fx.execute(() -> message.set(e.getMessage()));
          }
        });
  }

  private void loaded(ReplaySource s) {
    source = s;
    body.set(s.body());
    model.set(s.model());
    upstream.set(currentUpstream.get());
    ready.set(true);
    message.set(
        "Edit the body, model or upstream if you like, then Send. The API key is sent, never"
            + " stored.");
  }

  /** Sends the request as edited, on the worker; the answer and its figures follow. */
  public void send() {
    if (source == null || sending.get()) {
      return;
    }
    ReplaySource s = source;
    ReplayEdits edits = new ReplayEdits(body.get(), model.get(), upstream.get(), credential.get());
    sending.set(true);
    message.set("Sending to " + upstream.get() + "…");
    worker.execute(
        () -> {
          try {
            ReplayResult r = replayer.replay(s, edits);
            fx.execute(() -> done(r, null));
          } catch (ReplayRefused | RuntimeException e) {
            fx.execute(() -> done(null, e.getMessage()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private void done(ReplayResult r, String refused) {
    sending.set(false);
    if (refused != null) {
      message.set(refused);
      return;
    }
    result.set(r);
    ReplaySide n = r.replay();
    if (n == null) {
      message.set(r.problem());
    } else if (n.ok()) {
      message.set("Replayed: recorded as exchange #" + n.row().id() + ".");
    } else {
      message.set(
          "The replay failed: "
              + ReplayFigures.status(n.row())
              + ". It is recorded as exchange #"
              + n.row().id()
              + ".");
    }
  }

  /** The side-by-side lines of the last result; empty before one. */
  public List<ReplayFigures> figures() {
    ReplayResult r = result.get();
    return r == null ? List.of() : ReplayFigures.of(r);
  }

  /** The answer text of a side, or why there is none. */
  public static String answerText(ReplaySide side) {
    if (side == null) {
      return "";
    }
    if (side.answer() == null) {
      return side.answerNote();
    }
    return side.answerNote() == null
        ? side.answer()
        : side.answer() + "\n\n(" + side.answerNote() + ")";
  }

  /** Forgets the API key (the window closed). */
  public void forgetCredential() {
    credential.set("");
  }

  public StringProperty bodyProperty() {
    return body;
  }

  public StringProperty modelProperty() {
    return model;
  }

  public StringProperty upstreamProperty() {
    return upstream;
  }

  public StringProperty credentialProperty() {
    return credential;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** True once the request is read and may be sent. */
  public ReadOnlyBooleanProperty readyProperty() {
    return ready.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty sendingProperty() {
    return sending.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<ReplayResult> resultProperty() {
    return result.getReadOnlyProperty();
  }
}
