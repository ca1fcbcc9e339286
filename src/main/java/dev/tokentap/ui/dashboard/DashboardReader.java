package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ClientStats;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.ModelStats;
import dev.tokentap.store.RangeStats;
import dev.tokentap.store.TimeBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one {@link DashboardSnapshot} from a store: four aggregate queries, run on a worker (never
 * the FX thread). Stateless.
 */
final class DashboardReader {

  /** How many models the stacked chart shows before folding the rest into "other". */
  static final int TOP_MODELS = 5;

  /** The series name for exchanges without a model. */
  static final String NO_MODEL = "(no model)";

  private final ExchangeStore store;
  private final ZoneId zone;

  DashboardReader(ExchangeStore store, ZoneId zone) {
    this.store = store;
    this.zone = zone;
  }

  /** The figures of {@code range} ending at {@code now} (epoch ms) under {@code tableFilter}. */
  DashboardSnapshot read(DashboardRange range, ExchangeFilter tableFilter, long now) {
    long t = System.nanoTime();
    Instant since = range.length() == null ? null : Instant.ofEpochMilli(now).minus(range.length());
    ExchangeFilter filter = tableFilter.withRange(since, null);
    RangeStats stats = store.rangeStats(filter);
    DashboardCharts charts = charts(range, filter, stats, since, now);
    List<ModelStats> models = store.modelStats(filter);
    ZonedDateTime today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone).atStartOfDay(zone);
    List<ClientStats> clients =
        store.clientStats(filter, today.toInstant(), today.withDayOfMonth(1).toInstant());
    return new DashboardSnapshot(
        range,
        filter,
        stats,
        charts,
        models,
        clients,
        store.readsRollups(filter),
        (System.nanoTime() - t) / 1_000_000,
        store.cacheMisses(filter));
  }

  private DashboardCharts charts(
      DashboardRange range, ExchangeFilter filter, RangeStats stats, Instant since, long now) {
    if (stats.requests() == 0) {
      return DashboardCharts.EMPTY;
    }
    long from = since != null ? since.toEpochMilli() : stats.firstStartedAt();
    long until = since != null ? now : stats.lastStartedAt() + 1;
    Duration fitting = TimeBucket.widthFor(Instant.ofEpochMilli(from), Instant.ofEpochMilli(until));
    Duration width =
        fitting.compareTo(range.narrowestBucket()) < 0 ? range.narrowestBucket() : fitting;
    ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochMilli(now));
    List<TimeBucket> buckets = store.timeBuckets(filter, width, TOP_MODELS, offset);
    if (since == null && !buckets.isEmpty()) {
      from = buckets.getFirst().start();
      until = Math.max(until, buckets.getLast().start() + width.toMillis());
    }
    return plot(buckets, width, from, until);
  }

  /** The chart points of {@code buckets} (sorted by start, same series in each). */
  static DashboardCharts plot(List<TimeBucket> buckets, Duration width, long from, long until) {
    List<DashboardCharts.Point> gen = new ArrayList<>();
    List<DashboardCharts.Point> prompt = new ArrayList<>();
    List<DashboardCharts.Point> ttft = new ArrayList<>();
    Map<String, List<DashboardCharts.Point>> tokens = new LinkedHashMap<>();
    double minutes = width.toMillis() / 60_000.0;
    long w = width.toMillis();
    Long expected = null;
    for (TimeBucket b : buckets) {
      if (b.meanGenTps() != null) {
        gen.add(new DashboardCharts.Point(b.start(), b.meanGenTps()));
      }
      if (b.meanPromptTps() != null) {
        prompt.add(new DashboardCharts.Point(b.start(), b.meanPromptTps()));
      }
      if (b.meanTtftMs() != null) {
        ttft.add(new DashboardCharts.Point(b.start(), b.meanTtftMs()));
      }
      // buckets without traffic are left out by the store: stacked series need them as zeros
      for (long gap = expected == null ? b.start() : expected; gap < b.start(); gap += w) {
        for (List<DashboardCharts.Point> s : tokens.values()) {
          s.add(new DashboardCharts.Point(gap, 0));
        }
      }
      for (TimeBucket.ModelTokens m : b.models()) {
        String name = m.other() ? TimeBucket.OTHER : m.model() == null ? NO_MODEL : m.model();
        Long n = m.tokens();
        tokens
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(new DashboardCharts.Point(b.start(), n == null ? 0 : n / minutes));
      }
      expected = b.start() + w;
    }
    List<DashboardCharts.Series> series = new ArrayList<>();
    tokens.forEach((name, points) -> series.add(new DashboardCharts.Series(name, points)));
    return new DashboardCharts(from, until, width, gen, prompt, ttft, series);
  }
}
