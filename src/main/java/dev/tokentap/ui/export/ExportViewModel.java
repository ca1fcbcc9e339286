package dev.tokentap.ui.export;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportJob;
import dev.tokentap.export.ExportRequest;
import dev.tokentap.export.ExportTime;
import dev.tokentap.model.ByteSize;
import dev.tokentap.store.ExchangeFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The export dialog's state: format, range, model and bodies, then one {@link ExportJob} at a time
 * on {@code worker} with its progress (coalesced: at most one update waits for the FX thread) and a
 * cancel. The same code as {@code tokentap export}: the file is written atomically, so a cancelled
 * or failed export leaves nothing behind. FX thread only.
 */
public final class ExportViewModel {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd-HHmm").withZone(ZoneOffset.UTC);

  private final Path source;
  private final Supplier<List<String>> modelNames;
  private final ExportJob job;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final Supplier<Instant> clock;
  private final ObjectProperty<ExportFormat> format =
      new SimpleObjectProperty<>(this, "format", ExportFormat.CSV);
  private final ObjectProperty<ExportRange> range =
      new SimpleObjectProperty<>(this, "range", ExportRange.ALL);
  private final StringProperty since = new SimpleStringProperty(this, "since", "");
  private final StringProperty until = new SimpleStringProperty(this, "until", "");
  private final ObjectProperty<String> model = new SimpleObjectProperty<>(this, "model");
  private final BooleanProperty withBodies = new SimpleBooleanProperty(this, "withBodies", true);
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done");
  private final BooleanBinding bodiesApply;
  private final BooleanBinding custom;
  private AtomicBoolean cancel = new AtomicBoolean();

  /**
   * @param source the database file exported: the data dir's {@code tokentap.db}, or the opened
   *     session's (read-only, so it works while TokenTap records)
   * @param modelNames the models in the history (blocking; called on {@code worker})
   * @param worker runs the export (a long job: not the window's read pool)
   */
  public ExportViewModel(
      Path source,
      Supplier<List<String>> modelNames,
      ExportJob job,
      Executor worker,
      Consumer<Runnable> fxThread,
      Supplier<Instant> clock) {
    this.source = source;
    this.modelNames = modelNames;
    this.job = job;
    this.worker = worker;
    this.fxThread = fxThread;
    this.clock = clock;
    bodiesApply =
        Bindings.createBooleanBinding(
            () -> format.get() == ExportFormat.SESSION || format.get() == ExportFormat.HAR, format);
    custom = Bindings.createBooleanBinding(() -> range.get() == ExportRange.CUSTOM, range);
  }

  public ObjectProperty<ExportFormat> formatProperty() {
    return format;
  }

  public ObjectProperty<ExportRange> rangeProperty() {
    return range;
  }

  /** With {@link ExportRange#CUSTOM}: ISO-8601 ({@code 2026-11-22T10:00:00Z}) or {@code 2h}. */
  public StringProperty sinceProperty() {
    return since;
  }

  /** With {@link ExportRange#CUSTOM}: as {@link #sinceProperty}; blank: until now. */
  public StringProperty untilProperty() {
    return until;
  }

  /** One model, or null for all. */
  public ObjectProperty<String> modelProperty() {
    return model;
  }

  /** Request and response bodies included (session and HAR; CSV has none, JSONL needs them). */
  public BooleanProperty withBodiesProperty() {
    return withBodies;
  }

  /** Whether {@link #withBodiesProperty} means anything for the chosen format. */
  public BooleanBinding bodiesApplyProperty() {
    return bodiesApply;
  }

  /** Whether the since/until fields are used. */
  public BooleanBinding customRangeProperty() {
    return custom;
  }

  /** The models in the history, for the model choice (after {@link #loadModels}). */
  public ObservableList<String> models() {
    return models;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** 0..1 while running; -1 while counting; 1 when done. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** Progress or the result in words. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Why it failed, or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** True once an export finished and wrote its file. */
  public ReadOnlyBooleanProperty doneProperty() {
    return done.getReadOnlyProperty();
  }

  /** Reads the history's models for the model choice. */
  public void loadModels() {
    worker.execute(
        () -> {
          try {
            List<String> names = modelNames.get();
            fxThread.accept(() -> models.setAll(names));
          } catch (RuntimeException e) {
            fxThread.accept(() -> error.set("Cannot read the models: " + e.getMessage()));
          }
        });
  }

  /** A file name for the chosen format: {@code tokentap-2026-11-22-1042.csv}. */
  public String suggestedFileName() {
    return "tokentap-" + STAMP.format(clock.get()) + "." + format.get().extension();
  }

  /**
   * The exchanges the choices take.
   *
   * @throws IllegalArgumentException when a custom time is malformed (the message says how)
   */
  public ExchangeFilter filter() {
    Instant now = clock.get();
    ExportRange r = range.get();
    Instant from = null;
    Instant to = null;
    if (r == ExportRange.CUSTOM) {
      from = since.get().isBlank() ? null : ExportTime.parse(since.get(), now);
      to = until.get().isBlank() ? null : ExportTime.parse(until.get(), now);
      if (from != null && to != null && !from.isBefore(to)) {
        throw new IllegalArgumentException("Since must be before until.");
      }
    } else if (r.span() != null) {
      from = now.minus(r.span());
    }
    return new ExchangeFilter(from, to, model.get());
  }

  /** The request for {@code out}, as the choices stand. */
  public ExportRequest request(Path out) {
    boolean bodies = !bodiesApply.get() || withBodies.get();
    return new ExportRequest(source, false, filter(), format.get(), out, bodies);
  }

  /** Starts writing {@code out}; false (with {@link #errorProperty} set) when a choice is wrong. */
  public boolean start(Path out) {
    if (running.get()) {
      return false;
    }
    ExportRequest request;
    try {
      request = request(out);
    } catch (IllegalArgumentException e) {
      error.set(e.getMessage());
      return false;
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    cancel = cancelled;
    error.set(null);
    done.set(false);
    running.set(true);
    progress.set(-1);
    message.set("Counting exchanges…");
    AtomicLong doneCount = new AtomicLong();
    AtomicLong total = new AtomicLong(-1);
    AtomicBoolean pending = new AtomicBoolean();
    ExportJob.Progress onProgress =
        (n, all) -> {
          if (cancelled.get()) {
            throw new CancellationException();
          }
          doneCount.set(n);
          total.set(all);
          if (pending.compareAndSet(false, true)) {
            fxThread.accept(
                () -> {
                  pending.set(false);
                  if (running.get()) {
                    showProgress(doneCount.get(), total.get());
                  }
                });
          }
        };
    worker.execute(
        () -> {
          try {
            ExportJob.Result r = job.run(request, onProgress, file -> {});
            fxThread.accept(() -> finished(r));
          } catch (CancellationException e) {
            fxThread.accept(this::cancelled);
          } catch (ExportException | IllegalArgumentException e) {
            fxThread.accept(() -> failed(cancelled.get() ? null : e.getMessage()));
          } catch (RuntimeException e) {
            fxThread.accept(() -> failed(cancelled.get() ? null : "Export failed: " + e));
          }
        });
    return true;
  }

  /** Stops a running export; the file is not written. */
  public void cancel() {
    if (running.get()) {
      cancel.set(true);
      message.set("Cancelling…");
    }
  }

  private void showProgress(long n, long all) {
    progress.set(all <= 0 ? -1 : Math.min(1.0, (double) n / all));
    message.set(
        all < 0
            ? "Counting exchanges…"
            : String.format(Locale.ROOT, "Exported %,d of %,d exchanges…", n, all));
  }

  private void finished(ExportJob.Result r) {
    running.set(false);
    progress.set(1);
    done.set(true);
    message.set(
        String.format(
                Locale.ROOT,
                "Exported %,d %s to %s (%s).",
                r.exchanges(),
                r.exchanges() == 1 ? "exchange" : "exchanges",
                r.file(),
                ByteSize.format(r.bytes()))
            + (r.note() == null ? "" : " " + capitalized(r.note()) + "."));
  }

  private void cancelled() {
    running.set(false);
    progress.set(0);
    message.set("Export cancelled; no file was written.");
  }

  private void failed(String why) {
    if (why == null) {
      cancelled();
      return;
    }
    running.set(false);
    progress.set(0);
    message.set("");
    error.set(why);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
