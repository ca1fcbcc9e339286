package dev.tokentap.ui.dashboard;

import dev.tokentap.store.ClientStats;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangePoint;
import dev.tokentap.store.ExchangeReads;
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

  /** The most exchanges the scatter charts draw: the newest of the range. */
  static final int MAX_POINTS = 2_000;

  /** With traffic in fewer buckets than this, the speed charts draw one point per exchange. */
  static final int HANDFUL = 6;

  private final ExchangeReads store;
  private final ZoneId zone;

  DashboardReader(ExchangeReads store, ZoneId zone) {
    this.store = store;
    this.zone = zone;
  }

  /** The figures of {@code range} ending at {@code now} (epoch ms) under {@code tableFilter}. */
  DashboardSnapshot read(DashboardRange range, ExchangeFilter tableFilter, long now) {
    long t = System.nanoTime();
    Instant since = range.length() == null ? null : Instant.ofEpochMilli(now).minus(range.length());
    ExchangeFilter filter = tableFilter.withRange(since, null);
    RangeStats stats = store.rangeStats(filter);
    DashboardCharts.Sample sample =
        stats.requests() == 0
            ? DashboardCharts.Sample.NONE
            : new DashboardCharts.Sample(store.points(filter, MAX_POINTS), stats.requests());
    DashboardCharts charts = charts(range, filter, stats, sample, since != null, now);
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

  /**
   * The charts' points. The time axis fits the data: it starts at the range's first exchange (a
   * first hour of traffic on "24 h" fills the chart) and ends now (at the last exchange for the
   * whole history); the buckets are as narrow as that span allows.
   */
  private DashboardCharts charts(
      DashboardRange range,
      ExchangeFilter filter,
      RangeStats stats,
      DashboardCharts.Sample sample,
      boolean sliding,
      long now) {
    if (stats.requests() == 0) {
      return DashboardCharts.EMPTY;
    }
    long from = stats.firstStartedAt();
    long until = sliding ? Math.max(now, stats.lastStartedAt() + 1) : stats.lastStartedAt() + 1;
    Duration fitting = TimeBucket.widthFor(Instant.ofEpochMilli(from), Instant.ofEpochMilli(until));
    Duration width =
        fitting.compareTo(range.narrowestBucket()) < 0 ? range.narrowestBucket() : fitting;
    ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochMilli(now));
    List<TimeBucket> buckets = store.timeBuckets(filter, width, TOP_MODELS, offset);
    if (!buckets.isEmpty()) {
      from = Math.min(from, buckets.getFirst().start());
      if (!sliding) {
        until = Math.max(until, buckets.getLast().start() + width.toMillis());
      }
    }
    return plot(buckets, width, from, until, sample);
  }

  /**
   * The chart points of {@code buckets} (sorted by start, same series in each); the speed and TTFT
   * series per exchange of {@code sample} instead when it is the whole range and the traffic fills
   * fewer than {@link #HANDFUL} buckets.
   */
  static DashboardCharts plot(
      List<TimeBucket> buckets,
      Duration width,
      long from,
      long until,
      DashboardCharts.Sample sample) {
    boolean perRequest =
        !sample.points().isEmpty() && sample.complete() && buckets.size() < HANDFUL;
    List<DashboardCharts.Point> gen = new ArrayList<>();
    List<DashboardCharts.Point> prompt = new ArrayList<>();
    List<DashboardCharts.Point> ttft = new ArrayList<>();
    Map<String, List<DashboardCharts.Point>> tokens = new LinkedHashMap<>();
    double minutes = width.toMillis() / 60_000.0;
    long w = width.toMillis();
    Long expected = null;
    if (perRequest) {
      for (ExchangePoint p : sample.points().reversed()) {
        add(gen, p.startedAt(), p.genTps(), p.id());
        add(prompt, p.startedAt(), p.promptTps(), p.id());
        add(ttft, p.startedAt(), p.ttftMs(), p.id());
      }
    }
    for (TimeBucket b : buckets) {
      if (!perRequest) {
        add(gen, b.start(), b.meanGenTps(), 0);
        add(prompt, b.start(), b.meanPromptTps(), 0);
        add(ttft, b.start(), b.meanTtftMs(), 0);
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
    return new DashboardCharts(from, until, width, perRequest, gen, prompt, ttft, series, sample);
  }

  private static void add(List<DashboardCharts.Point> series, long at, Double value, long id) {
    if (value != null) {
      series.add(new DashboardCharts.Point(at, value, id));
    }
  }
}
