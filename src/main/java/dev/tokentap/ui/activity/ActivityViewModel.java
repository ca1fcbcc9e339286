package dev.tokentap.ui.activity;

import dev.tokentap.model.Endpoint;
import dev.tokentap.server.ServerSnapshot;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeOrder;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.Snapshot;
import dev.tokentap.store.StoredBatch;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.fx.Formats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The activity table's state: running exchanges on top (ticking), then the stored history in pages
 * read from SQLite on a worker, filtered and sorted there. FX thread only; store reads run on
 * {@code worker} and come back through {@code fxThread}.
 */
public final class ActivityViewModel {

  private final ExchangeReads store;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final LongSupplier clock;
  private final ActivityRows rows;
  private final BodyMatches bodyMatches;
  private final LiveLines live;
  private final StringProperty text = new SimpleStringProperty(this, "text", "");
  private final ObjectProperty<String> model = new SimpleObjectProperty<>(this, "model");
  private final ObjectProperty<Endpoint> endpoint = new SimpleObjectProperty<>(this, "endpoint");
  private final BooleanProperty errorsOnly = new SimpleBooleanProperty(this, "errorsOnly");
  private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
  private final ObservableList<String> models = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<ExchangeFilter> filter =
      new ReadOnlyObjectWrapper<>(this, "filter", ExchangeFilter.ALL);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
  private final ServerSlots server = new ServerSlots();
  private ExchangeOrder order = ExchangeOrder.NEWEST_FIRST;
  private long refreshes;
  private boolean resetPending; // the filter or order changed: the lines held are wrong

  /**
   * @param store the history shown under the live lines
   * @param worker runs store reads (never the FX thread)
   * @param fxThread runs a task on the FX thread
   * @param clock the wall clock, epoch ms (running lines tick with it)
   */
  public ActivityViewModel(
      ExchangeReads store, Executor worker, Consumer<Runnable> fxThread, LongSupplier clock) {
    this.store = store;
    this.worker = worker;
    this.fxThread = fxThread;
    this.clock = clock;
    this.rows = new ActivityRows(this::loadPage);
    this.live = new LiveLines(rows, r -> filter.get().test(r));
    this.bodyMatches = new BodyMatches(store, worker, fxThread, this::foundInBodies);
    text.addListener((o, a, b) -> refilter());
    model.addListener((o, a, b) -> refilter());
    endpoint.addListener((o, a, b) -> refilter());
    errorsOnly.addListener((o, a, b) -> refilter());
  }

  /** The table's lines. */
  public ObservableList<ActivityItem> rows() {
    return rows;
  }

  /** Text to look for (method, path, model, status, outcome, error, user agent, client). */
  public StringProperty textProperty() {
    return text;
  }

  /** One model, or null for all. */
  public ObjectProperty<String> modelProperty() {
    return model;
  }

  /** One endpoint, or null for all. */
  public ObjectProperty<Endpoint> endpointProperty() {
    return endpoint;
  }

  /** Only failed exchanges (upstream errors, unavailable upstream, aborted). */
  public BooleanProperty errorsOnlyProperty() {
    return errorsOnly;
  }

  /** Keep the newest line in view as lines arrive. */
  public BooleanProperty followProperty() {
    return follow;
  }

  /** The models seen in the history, for the model filter. */
  public ObservableList<String> models() {
    return models;
  }

  /** The filter the table applies (the dashboard shows the same exchanges). */
  public ReadOnlyObjectProperty<ExchangeFilter> filterProperty() {
    return filter.getReadOnlyProperty();
  }

  /** "1,234 exchanges, 2 running", for the status line. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** A readable message when the history cannot be read, else null. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** Reads the history's first page and the models; call once the view is up. */
  public void start() {
    refresh();
  }

  /** Sorts the stored history by {@code column} ({@link StoredExchange#COLUMNS}). */
  public void sort(ExchangeOrder newOrder) {
    if (!newOrder.equals(order)) {
      order = newOrder;
      refresh();
    }
  }

  public ExchangeOrder order() {
    return order;
  }

  /** Traffic from the {@link ActivityFeed}. */
  public void apply(List<LiveEvent> events) {
    long now = clock.getAsLong();
    List<StoredBatch> stored = new ArrayList<>();
    rows.beginBatch(); // one change for the table, however many events
    try {
      for (LiveEvent e : events) {
        switch (e) {
          case LiveEvent.Started s -> live.started(s.exchange(), now);
          case LiveEvent.Finished f -> live.finished(f.exchange(), now);
          case LiveEvent.Stored s -> stored.add(s.batch());
        }
      }
      stored.forEach(this::stored);
    } finally {
      rows.endBatch();
    }
    updateStatus();
  }

  private void stored(StoredBatch batch) {
    ExchangeFilter f = filter.get();
    List<ActivityRow> shown = new ArrayList<>();
    for (StoredExchange s : batch.rows()) {
      live.stored(s.id());
      if (f.test(s)) {
        shown.add(ActivityRow.of(s));
      }
      if (s.model() != null && !models.contains(s.model())) {
        int at = 0;
        while (at < models.size() && models.get(at).compareTo(s.model()) < 0) {
          at++;
        }
        models.add(at, s.model());
      }
    }
    if (batch.seq() <= rows.seq() || rows.isStale()) {
      return; // already in what was read, or a reset is on its way that reads it
    }
    bodyMatches.check(f, batch.rows()); // rows taken by their bodies only: read again
    boolean placed =
        shown.isEmpty() || order.equals(ExchangeOrder.NEWEST_FIRST)
            ? rows.placeBatch(batch.seq(), shown, NEWEST_FIRST)
            : false;
    if (!placed) {
      rows.markStale(); // where they go is not known here: read the table again
      refresh(false);
    }
  }

  private void foundInBodies(ExchangeFilter f) {
    if (f.equals(filter.get()) && !rows.isStale()) {
      rows.markStale();
      refresh(false);
    }
  }

  /** The table's default order, in which stored batches are placed without reading again. */
  static final Comparator<ActivityRow> NEWEST_FIRST =
      Comparator.comparingLong(ActivityRow::startedAt)
          .thenComparingLong(ActivityRow::id)
          .reversed();

  /**
   * The model server's latest read (from the Server tab's reads; null when there is none or the
   * reads are off): its context size per slot, and its slots for the running lines.
   */
  public void serverRead(ServerSnapshot s) {
    server.read(s);
    live.tick(clock.getAsLong(), server);
  }

  /** The model server's context per slot ({@code n_ctx}); 0 while not known. */
  public ReadOnlyIntegerProperty contextSizeProperty() {
    return server.contextSizeProperty();
  }

  /**
   * How full the slot's context is with {@code r}: its prompt plus generated tokens over the
   * server's {@code n_ctx}, in percent; null when either is not known.
   */
  public Double contextPercent(ActivityRow r) {
    return server.contextPercent(r);
  }

  /** Running lines show their time and tokens so far; call a few times a second. */
  public void tick() {
    long now = clock.getAsLong();
    live.tick(now, server);
    if (live.dropUnstored(now)) {
      updateStatus();
    }
  }

  /** Cancels a running exchange: the upstream request is aborted. False when it is not running. */
  public boolean cancel(ActivityItem item) {
    return live.cancel(item.row().id());
  }

  /** The index of exchange {@code id}'s line if it is in memory and read, else -1. */
  public int indexOf(long id) {
    return rows.indexOfLoaded(id);
  }

  /** True when {@code item} is an exchange still running (it can be cancelled). */
  public boolean isRunning(ActivityItem item) {
    return live.isRunning(item.row().id());
  }

  private void refilter() {
    String t = text.get();
    filter.set(
        ExchangeFilter.ALL
            .withText(t)
            .withModel(model.get())
            .withEndpoint(endpoint.get())
            .withErrorsOnly(errorsOnly.get()));
    live.refilter();
    refresh();
  }

  /** Reads the count under the current filter and order and starts over. */
  private void refresh() {
    refresh(true);
  }

  /**
   * Reads the count; stale answers are ignored. Without {@code reset}, the lines held stay when the
   * count is what the table already has.
   */
  private void refresh(boolean reset) {
    resetPending |= reset;
    long mine = ++refreshes;
    ExchangeFilter f = filter.get();
    worker.execute(
        () -> {
          try {
            Snapshot<Long> count = store.countSnapshot(f);
            List<String> names = store.modelNames();
            fxThread.accept(
                () -> {
                  if (mine != refreshes) {
                    return;
                  }
                  if (count.batchSeq() < rows.seq()) {
                    refresh(false); // rows were placed while counting: count again
                    return;
                  }
                  problem.set(null);
                  if (resetPending || rows.isStale() || count.value() != rows.storedCount()) {
                    resetPending = false;
                    rows.resetStored(count.value(), count.batchSeq());
                  } else {
                    rows.advanceTo(count.batchSeq());
                  }
                  if (!models.equals(names)) {
                    models.setAll(names);
                  }
                  updateStatus();
                });
          } catch (RuntimeException e) {
            fxThread.accept(() -> problem.set("Cannot read the history: " + e.getMessage()));
          }
        });
  }

  private void loadPage(ActivityRows.PageRequest request) {
    ExchangeFilter f = filter.get();
    ExchangeOrder o = order;
    worker.execute(
        () -> {
          try {
            Snapshot<List<StoredExchange>> page =
                store.pageSnapshot(f, o, request.offset(), request.limit());
            List<ActivityRow> loaded = new ArrayList<>(page.value().size());
            for (StoredExchange s : page.value()) {
              loaded.add(ActivityRow.of(s));
            }
            fxThread.accept(() -> rows.pageLoaded(request, loaded, page.batchSeq()));
          } catch (RuntimeException e) {
            fxThread.accept(
                () -> {
                  rows.pageFailed(request);
                  problem.set("Cannot read the history: " + e.getMessage());
                });
          }
        });
  }

  private void updateStatus() {
    long running = live.runningCount();
    long stored = rows.storedCount();
    status.set(
        Formats.count(stored)
            + (stored == 1 ? " exchange" : " exchanges")
            + (running > 0 ? ", " + running + " running" : ""));
  }
}
