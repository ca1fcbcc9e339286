package dev.tokentap.ui.dashboard;

import dev.tokentap.store.CacheMissStats;
import dev.tokentap.store.ClientStats;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ModelStats;
import dev.tokentap.store.RangeStats;
import java.util.List;

/**
 * Everything one refresh read, for one range and filter. Immutable.
 *
 * @param range the range chosen
 * @param filter the filter the figures were read with (the table's, with the range's times)
 * @param stats the summary tiles' figures
 * @param charts the charts' points
 * @param models the per-model table, most requests first
 * @param clients the clients table, most tokens in the range first
 * @param fromRollups whether the figures came from the rollups; false when every row the filter
 *     takes was read (a free-text filter, which the rollups cannot apply)
 * @param tookMs how long the reads took
 * @param misses the turns whose prompt cache missed, and the prompt tokens they cost
 */
public record DashboardSnapshot(
    DashboardRange range,
    ExchangeFilter filter,
    RangeStats stats,
    DashboardCharts charts,
    List<ModelStats> models,
    List<ClientStats> clients,
    boolean fromRollups,
    long tookMs,
    CacheMissStats misses) {

  public DashboardSnapshot {
    models = List.copyOf(models);
    clients = List.copyOf(clients);
  }
}
