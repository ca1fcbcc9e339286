package dev.tokentap.app;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoreException;
import dev.tokentap.ui.activity.ActivityViewModel;
import dev.tokentap.ui.activity.LiveEvent;
import dev.tokentap.ui.dashboard.ChartsView;
import dev.tokentap.ui.dashboard.ClientsView;
import dev.tokentap.ui.dashboard.DashboardViewModel;
import dev.tokentap.ui.dashboard.RequestChartsView;
import dev.tokentap.ui.dashboard.SummaryTilesView;
import dev.tokentap.ui.fx.FxThreads;
import dev.tokentap.ui.fx.NextFrame;
import dev.tokentap.ui.main.MainView;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The dashboard's parts in the window: its own read-only store on the database file (its reads of
 * the whole history take seconds at a million rows and must not hold up the activity table's paging
 * on the main store's connection), its own worker thread, its view model and views.
 */
final class DashboardWiring {

  private volatile ExchangeStore store;
  private volatile boolean ownStore;
  private final ExecutorService worker = FxThreads.newWorker("tokentap-dashboard", 1);
  private volatile DashboardViewModel vm;

  /** Opens a read-only store on {@code main}'s file (or shares {@code main} when it cannot). */
  void open(ExchangeStore main) {
    try {
      store = ExchangeStore.openReadOnly(main.databaseFile());
      ownStore = true;
    } catch (StoreException e) {
      store = main;
    }
  }

  /**
   * Builds the view model and views (FX thread): tiles above the tabs, the Charts, Requests and
   * Clients tabs; a click on a chart point opens its exchange with {@code inspect}.
   */
  DashboardViewModel show(MainView main, ActivityViewModel activity, LongConsumer inspect) {
    DashboardViewModel d =
        new DashboardViewModel(
            store, worker, NextFrame::run, System::currentTimeMillis, ZoneId.systemDefault());
    d.filterProperty().bind(activity.filterProperty());
    main.setSummary(new SummaryTilesView(d).root());
    ChartsView charts = new ChartsView(d);
    charts.shownProperty().bind(main.addTab("Charts", charts.root()).selectedProperty());
    RequestChartsView requests = new RequestChartsView(d);
    requests.shownProperty().bind(main.addTab("Requests", requests.root()).selectedProperty());
    d.setOnOpenExchange(inspect);
    ClientsView clients = new ClientsView(d);
    clients.shownProperty().bind(main.addTab("Clients", clients.root()).selectedProperty());
    vm = d;
    d.start();
    return d;
  }

  /** Traffic from the feed (FX thread). */
  void apply(List<LiveEvent> events) {
    DashboardViewModel d = vm;
    if (d != null) {
      d.apply(events);
    }
  }

  /** Stops the worker (waiting for a running read) and closes the read-only store. */
  void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownStore && store != null) {
      store.close();
    }
  }
}
