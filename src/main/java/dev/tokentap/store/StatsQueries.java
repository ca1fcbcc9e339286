package dev.tokentap.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's aggregate reads, from rollups ({@link RollupReader}): their cost grows with the
 * length of the range, not with the history. Sums and counts are exact; medians and percentiles
 * come from the rollups' distributions, within {@link Distribution#RELATIVE_ERROR}. Unknown values
 * (NULL) are left out of sums and means, never counted as zeros. Called under {@link
 * ExchangeQueries}' lock, on its connection.
 */
final class StatsQueries {

  private static final int ALL_LEVELS = RollupSpans.LEVELS.getLast();

  private final RollupReader rollups;

  StatsQueries(Connection connection) {
    this.rollups = new RollupReader(connection);
  }

  /** Whether {@code f} is answered from rollups; else every row it takes is read. */
  boolean readsRollups(ExchangeFilter f) throws SQLException {
    return rollups.serves(f);
  }

  RangeStats rangeStats(ExchangeFilter f) throws SQLException {
    Tally tally = new Tally();
    rollups.read(f, RollupTable.MODELS, ALL_LEVELS, true, (start, key, r) -> tally.add(key, r));
    Rollup all = tally.rollup;
    boolean any = all.requests > 0;
    return new RangeStats(
        all.requests,
        tally.errors,
        all.promptTokens,
        all.cachedTokens,
        all.completionTokens,
        all.cacheHitRate(),
        all.genTps.quantile(0.5),
        all.genTps.quantile(0.9),
        all.ttftMs.quantile(0.5),
        all.usageMissing,
        any ? all.firstAt : null,
        any ? all.lastAt : null);
  }

  List<ModelStats> modelStats(ExchangeFilter f) throws SQLException {
    List<ModelStats> out = new ArrayList<>();
    tallies(f, UsageStats.By.MODEL, ZoneOffset.UTC)
        .forEach(
            (group, t) -> {
              UsageStats u = t.usage(group, UsageStats.By.MODEL, ZoneOffset.UTC);
              out.add(
                  new ModelStats(
                      u.group(),
                      u.requests(),
                      u.promptTokens(),
                      u.cachedTokens(),
                      u.completionTokens(),
                      u.medianGenTps(),
                      u.cacheHitRate(),
                      t.rollup.genTps.histogram()));
            });
    out.sort(
        Comparator.comparingLong(ModelStats::requests)
            .reversed()
            .thenComparing(ModelStats::model, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  List<TimeBucket> timeBuckets(ExchangeFilter f, Duration bucket, int topModels, ZoneOffset zone)
      throws SQLException {
    long width = bucket.toMillis();
    if (width <= 0) {
      throw new IllegalArgumentException("bucket width must be at least 1 ms: " + bucket);
    }
    if (topModels < 0) {
      throw new IllegalArgumentException("topModels must not be negative: " + topModels);
    }
    long offset = zone.getTotalSeconds() * 1000L;
    record Cell(long start, String model) {}
    Map<Cell, ChartCell> cells = new HashMap<>();
    rollups.read(
        f,
        RollupTable.MODELS,
        RollupSpans.levelFor(width, offset),
        true,
        (start, key, r) -> {
          long b = start - Math.floorMod(start + offset, width);
          cells.computeIfAbsent(new Cell(b, key.model()), c -> new ChartCell()).add(r);
        });
    List<BucketRows.Row> rows = new ArrayList<>(cells.size());
    cells.forEach((c, sums) -> rows.add(sums.row(c.start(), c.model())));
    rows.sort(
        Comparator.comparingLong(BucketRows.Row::start)
            .thenComparing(
                BucketRows.Row::model, Comparator.nullsFirst(Comparator.naturalOrder())));
    return BucketRows.fold(rows, topModels);
  }

  /**
   * The exchanges {@code f} takes, per group of {@code by}: most requests first, periods in time
   * order. Days and hours are those of {@code zone}'s wall clock.
   */
  List<UsageStats> usage(ExchangeFilter f, UsageStats.By by, ZoneId zone) throws SQLException {
    List<UsageStats> out = new ArrayList<>();
    tallies(f, by, zone).forEach((g, t) -> out.add(t.usage(g, by, zone)));
    out.sort(
        by == UsageStats.By.DAY || by == UsageStats.By.HOUR
            ? Comparator.comparing(UsageStats::periodStart)
            : Comparator.comparingLong(UsageStats::requests)
                .reversed()
                .thenComparing(
                    UsageStats::group, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** Each group's tally: one pass over the rollups (or rows) of {@code f}. */
  private Map<Object, Tally> tallies(ExchangeFilter f, UsageStats.By by, ZoneId zone)
      throws SQLException {
    long offset = zone.getRules().getOffset(Instant.now()).getTotalSeconds() * 1000L;
    int maxLevel =
        switch (by) {
          case DAY -> RollupSpans.levelFor(86_400_000L, offset);
          case HOUR -> RollupSpans.levelFor(3_600_000L, offset);
          default -> ALL_LEVELS;
        };
    Map<Object, Tally> groups = new HashMap<>();
    rollups.read(
        f,
        by == UsageStats.By.CLIENT ? RollupTable.CLIENTS : RollupTable.MODELS,
        maxLevel,
        true,
        (start, key, r) -> {
          Object group =
              switch (by) {
                case ALL -> "all";
                case MODEL -> Objects.requireNonNullElse(key.model(), NO_MODEL);
                case ENDPOINT -> key.endpoint();
                case CLIENT -> key.client();
                case DAY ->
                    LocalDate.ofInstant(Instant.ofEpochMilli(start), zone)
                        .atStartOfDay(zone)
                        .toInstant();
                case HOUR ->
                    ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), zone)
                        .truncatedTo(ChronoUnit.HOURS)
                        .toInstant();
              };
          groups.computeIfAbsent(group, g -> new Tally()).add(key, r);
        });
    return groups;
  }

  /** Stands for the exchanges without a model while grouping (a map key cannot be null twice). */
  private static final Object NO_MODEL = new Object();

  /** A group's rollup and its errors. */
  private static final class Tally {
    final Rollup rollup = new Rollup();
    long errors;

    void add(RollupKey key, Rollup r) {
      rollup.merge(r);
      if (!"ok".equals(key.outcome())) {
        errors += r.requests;
      }
    }

    UsageStats usage(Object group, UsageStats.By by, ZoneId zone) {
      Rollup r = rollup;
      String name;
      RollupKey.ClientKey client = group instanceof RollupKey.ClientKey c ? c : null;
      Long period = group instanceof Instant t ? t.toEpochMilli() : null;
      if (group == NO_MODEL) {
        name = null;
      } else if (client != null) {
        name =
            String.join(
                ", ",
                Objects.requireNonNullElse(client.userAgent(), "-"),
                Objects.requireNonNullElse(client.address(), "-"),
                Objects.requireNonNullElse(client.credentialFp(), "-"));
      } else if (period != null) {
        LocalDateTime local = LocalDateTime.ofInstant((Instant) group, zone);
        name =
            by == UsageStats.By.DAY
                ? local.toLocalDate().toString()
                : local.truncatedTo(ChronoUnit.HOURS).toString();
      } else {
        name = group.toString();
      }
      return new UsageStats(
          name,
          client == null ? null : client.userAgent(),
          client == null ? null : client.address(),
          client == null ? null : client.credentialFp(),
          period,
          r.requests,
          errors,
          r.promptTokens,
          r.cachedTokens,
          r.completionTokens,
          r.cacheHitRate(),
          r.genTps.quantile(0.5),
          r.genTps.quantile(0.9),
          r.ttftMs.quantile(0.5),
          r.ttftMs.quantile(0.9),
          r.usageMissing);
    }
  }

  /** What a chart point is made of: counts and sums (the means need no distributions). */
  private static final class ChartCell {
    long requests;
    Long promptTokens;
    Long completionTokens;
    double genSum;
    long genCount;
    double promptSum;
    long promptCount;
    double ttftSum;
    long ttftCount;

    void add(Rollup r) {
      requests += r.requests;
      promptTokens = Rollup.plus(promptTokens, r.promptTokens);
      completionTokens = Rollup.plus(completionTokens, r.completionTokens);
      genSum += r.genTps.sum();
      genCount += r.genTps.count();
      promptSum += r.promptTps.sum();
      promptCount += r.promptTps.count();
      ttftSum += r.ttftMs.sum();
      ttftCount += r.ttftMs.count();
    }

    BucketRows.Row row(long start, String model) {
      return new BucketRows.Row(
          start,
          model,
          requests,
          promptTokens,
          completionTokens,
          genSum,
          genCount,
          promptSum,
          promptCount,
          ttftSum,
          ttftCount);
    }
  }

  /**
   * The clients of {@code range}, with their use today and this month (whatever the filter), most
   * tokens in the range first.
   */
  List<ClientStats> clientStats(ExchangeFilter range, Instant todayStart, Instant monthStart)
      throws SQLException {
    Map<RollupKey.ClientKey, Rollup[]> clients = new HashMap<>();
    byClient(range, clients, 2);
    byClient(new ExchangeFilter(todayStart, null, null), clients, 0);
    byClient(new ExchangeFilter(monthStart, null, null), clients, 1);
    List<ClientStats> out = new ArrayList<>(clients.size());
    clients.forEach(
        (c, r) ->
            out.add(
                new ClientStats(
                    c.userAgent(),
                    c.address(),
                    c.credentialFp(),
                    usage(r[0]),
                    usage(r[1]),
                    usage(r[2]))));
    Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
    out.sort(
        Comparator.comparingLong((ClientStats s) -> -tokensOrZero(s.range()))
            .thenComparingLong(s -> -s.range().requests())
            .thenComparingLong(s -> -tokensOrZero(s.month()))
            .thenComparingLong(s -> -s.month().requests())
            .thenComparing(ClientStats::userAgent, text)
            .thenComparing(ClientStats::address, text)
            .thenComparing(ClientStats::credentialFp, text));
    return out;
  }

  /** Adds what {@code f} takes, per client, into slot {@code slot} of each client's rollups. */
  private void byClient(ExchangeFilter f, Map<RollupKey.ClientKey, Rollup[]> clients, int slot)
      throws SQLException {
    rollups.read(
        f,
        RollupTable.CLIENTS,
        ALL_LEVELS,
        false,
        (start, key, r) -> {
          Rollup[] slots = clients.computeIfAbsent(key.client(), k -> new Rollup[3]);
          if (slots[slot] == null) {
            slots[slot] = new Rollup();
          }
          slots[slot].merge(r);
        });
  }

  private static ClientStats.Usage usage(Rollup r) {
    return r == null ? new ClientStats.Usage(0, 0L) : new ClientStats.Usage(r.requests, r.tokens());
  }

  private static long tokensOrZero(ClientStats.Usage u) {
    return Objects.requireNonNullElse(u.tokens(), 0L);
  }

  static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
