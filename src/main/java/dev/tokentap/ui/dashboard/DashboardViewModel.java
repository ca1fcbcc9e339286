package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ClientStats;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.ModelStats;
import dev.tokentap.store.RangeStats;
import dev.tokentap.ui.activity.LiveEvent;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The dashboard's state: summary tiles, charts, per-model and per-client tables over a chosen
 * {@link DashboardRange}, for the exchanges the activity table's filter takes. FX thread only; the
 * store is read on {@code worker}, one refresh at a time, and the answer comes back through {@code
 * fxThread}.
 *
 * <p>When it reads again: at once when the range or the filter changes; after new rows are stored,
 * at most once a second (and not more often than every four times the last refresh took, so a large
 * history does not keep a core busy); every {@link DashboardRange#slideEvery()} so a sliding range
 * moves with the clock. A refresh asked for while one runs waits for it; the ones asked for
 * meanwhile become one.
 */
public final class DashboardViewModel {

  /** The shortest time between two refreshes caused by new traffic. */
  static final long MIN_GAP_MS = 1_000;

  private final DashboardReader reader;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final LongSupplier clock;
  private final ObjectProperty<DashboardRange> range =
      new SimpleObjectProperty<>(this, "range", DashboardRange.DAY);
  private final ObjectProperty<ExchangeFilter> filter =
      new SimpleObjectProperty<>(this, "filter", ExchangeFilter.ALL);
  private final ReadOnlyObjectWrapper<DashboardSnapshot> snapshot =
      new ReadOnlyObjectWrapper<>(this, "snapshot");
  private final ReadOnlyObjectWrapper<RangeStats> stats =
      new ReadOnlyObjectWrapper<>(this, "stats");
  private final ReadOnlyObjectWrapper<DashboardCharts> charts =
      new ReadOnlyObjectWrapper<>(this, "charts", DashboardCharts.EMPTY);
  private final ReadOnlyObjectWrapper<List<ModelStats>> models =
      new ReadOnlyObjectWrapper<>(this, "models", List.of());
  private final ReadOnlyObjectWrapper<List<ClientStats>> clients =
      new ReadOnlyObjectWrapper<>(this, "clients", List.of());
  private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper(this, "refreshing");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
  private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note");
  private LongConsumer onOpen = id -> {};
  private boolean started;
  private boolean running;
  private boolean dataChanged; // rows stored since the running or last refresh began
  private boolean settingsChanged; // range or filter changed while a refresh ran
  private long lastStart = Long.MIN_VALUE / 2;
  private long lastTookMs;
  private long refreshes;

  /**
   * @param store the history to read; best its own read-only store on the same file, so long reads
   *     do not hold up the activity table's
   * @param worker runs the reads (never the FX thread)
   * @param fxThread runs a task on the FX thread
   * @param clock the wall clock, epoch ms
   * @param zone where "today" and "this month" begin, and how hour and day buckets align
   */
  public DashboardViewModel(
      ExchangeReads store,
      Executor worker,
      Consumer<Runnable> fxThread,
      LongSupplier clock,
      ZoneId zone) {
    this.reader = new DashboardReader(store, zone);
    this.worker = worker;
    this.fxThread = fxThread;
    this.clock = clock;
    range.addListener((o, a, b) -> settingsChanged());
    filter.addListener((o, a, b) -> settingsChanged());
  }

  /** The range shown (tiles, charts and the clients' range columns); never null. */
  public ObjectProperty<DashboardRange> rangeProperty() {
    return range;
  }

  /** The activity table's filter (bind it to {@code ActivityViewModel.filterProperty()}). */
  public ObjectProperty<ExchangeFilter> filterProperty() {
    return filter;
  }

  /** The last refresh's figures, all together; null before the first. */
  public ReadOnlyObjectProperty<DashboardSnapshot> snapshotProperty() {
    return snapshot.getReadOnlyProperty();
  }

  /** The summary tiles' figures; null before the first refresh. */
  public ReadOnlyObjectProperty<RangeStats> statsProperty() {
    return stats.getReadOnlyProperty();
  }

  /** The charts' points. */
  public ReadOnlyObjectProperty<DashboardCharts> chartsProperty() {
    return charts.getReadOnlyProperty();
  }

  /** The per-model table (immutable). */
  public ReadOnlyObjectProperty<List<ModelStats>> modelsProperty() {
    return models.getReadOnlyProperty();
  }

  /** The clients table (immutable). */
  public ReadOnlyObjectProperty<List<ClientStats>> clientsProperty() {
    return clients.getReadOnlyProperty();
  }

  /** What opens an exchange in the inspector (a click on a chart point); none by default. */
  public void setOnOpenExchange(LongConsumer open) {
    this.onOpen = open;
  }

  /** Opens exchange {@code id} in the inspector. */
  public void openExchange(long id) {
    onOpen.accept(id);
  }

  /** True while the store is being read. */
  public ReadOnlyBooleanProperty refreshingProperty() {
    return refreshing.getReadOnlyProperty();
  }

  /** A readable message when the history cannot be read, else null. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /**
   * One line under the tiles, else null: the problem when the figures cannot be read, or that they
   * were read from every row (a text filter) rather than from the per-minute summaries.
   */
  public ReadOnlyStringProperty noteProperty() {
    return note.getReadOnlyProperty();
  }

  /** The note when a text filter makes the dashboard read rows. */
  static final String FROM_ROWS =
      "Text filter: these figures are read from every matching row, not from the per-minute"
          + " summaries, so they take longer on a long history.";

  /** How many refreshes were started so far. */
  public long refreshes() {
    return refreshes;
  }

  /** Reads the figures for the first time; call once the view is up. */
  public void start() {
    started = true;
    refreshNow();
  }

  /** Traffic from the {@code ActivityFeed}: stored rows make the figures stale. */
  public void apply(List<LiveEvent> events) {
    for (LiveEvent e : events) {
      if (e instanceof LiveEvent.Stored s && !s.rows().isEmpty()) {
        dataChanged = true;
        tick();
        return;
      }
    }
  }

  /** Reads again when due (new rows, or a sliding range's period); call about once a second. */
  public void tick() {
    if (!started || running) {
      return;
    }
    long sinceLast = clock.getAsLong() - lastStart;
    if (dataChanged && sinceLast >= Math.max(MIN_GAP_MS, 4 * lastTookMs)) {
      refreshNow();
      return;
    }
    DashboardRange r = range.get();
    if (r.slideEvery() != null && sinceLast >= r.slideEvery().toMillis()) {
      refreshNow();
    }
  }

  private void settingsChanged() {
    if (!started) {
      return;
    }
    if (running) {
      settingsChanged = true;
    } else {
      refreshNow();
    }
  }

  private void refreshNow() {
    running = true;
    refreshing.set(true);
    dataChanged = false;
    settingsChanged = false;
    refreshes++;
    long now = clock.getAsLong();
    lastStart = now;
    DashboardRange r = range.get();
    ExchangeFilter f = filter.get() == null ? ExchangeFilter.ALL : filter.get();
    worker.execute(
        () -> {
          DashboardSnapshot s;
          try {
            s = reader.read(r, f, now);
          } catch (RuntimeException e) {
            fxThread.accept(() -> failed(e));
            return;
          }
          fxThread.accept(() -> done(s));
        });
  }

  private void done(DashboardSnapshot s) {
    running = false;
    refreshing.set(false);
    lastTookMs = s.tookMs();
    if (settingsChanged) {
      refreshNow(); // read for other settings: show the right ones instead
      return;
    }
    problem.set(null);
    note.set(s.fromRollups() ? null : FROM_ROWS);
    snapshot.set(s);
    stats.set(s.stats());
    charts.set(s.charts());
    models.set(s.models());
    clients.set(s.clients());
    tick(); // rows stored meanwhile: once more when due
  }

  private void failed(RuntimeException e) {
    running = false;
    refreshing.set(false);
    problem.set("Cannot read the dashboard's figures: " + e.getMessage());
    note.set(problem.get());
    if (settingsChanged) {
      refreshNow();
    }
  }
}
