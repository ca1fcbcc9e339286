package dev.tokentap.bench;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.ui.dashboard.DashboardRange;
import dev.tokentap.ui.dashboard.DashboardSnapshot;
import dev.tokentap.ui.dashboard.DashboardViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long one dashboard refresh takes (summary, chart buckets, per-model and per-client tables,
 * read as the window reads them, on a read-only store) for each range, on 100,000 exchanges: once
 * spread over 30 days, once all in the last 24 hours (a busy day). "Now" is the last exchange.
 * Prints the median of {@value #RUNS} refreshes after one warm-up refresh, and the points plotted.
 * {@code java ... dev.tokentap.bench.DashboardRefreshBenchmark [DIR] [COUNT] [agent|wide]
 * [month-only]}: the {@link StatsBenchmark.Mix} of clients and models (default agent); month-only
 * leaves out the busy day.
 */
public final class DashboardRefreshBenchmark {
  private DashboardRefreshBenchmark() {}

  static final int RUNS = 5;

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tokentap-dash");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    StatsBenchmark.Mix mix =
        args.length > 2
            ? StatsBenchmark.Mix.valueOf(args[2].toUpperCase(Locale.ROOT))
            : StatsBenchmark.Mix.AGENT;
    boolean busyDay = args.length <= 3 || !args[3].equals("month-only");
    System.out.printf(
        Locale.ROOT,
        "TokenTap dashboard refresh benchmark: %d cpus, %s; %s mix; median of %d refreshes, ms%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        mix.name().toLowerCase(Locale.ROOT),
        RUNS);
    run(dir.resolve("month"), n, "over 30 days", StatsBenchmark.SPAN_MS, mix);
    if (busyDay) {
      run(dir.resolve("day"), n, "in the last 24 h", Duration.ofDays(1).toMillis(), mix);
    }
  }

  private static void run(Path data, int n, String spread, long spanMs, StatsBenchmark.Mix mix)
      throws Exception {
    Path db = StatsBenchmark.fill(data, n, spanMs, mix);
    long now = StatsBenchmark.T0 + spanMs;
    System.out.printf(Locale.ROOT, "%n%,d exchanges %s%n", n, spread);
    System.out.printf(
        Locale.ROOT,
        "%-11s %9s %10s %8s %7s%n",
        "range",
        "requests",
        "refresh",
        "buckets",
        "width");
    try (ExchangeStore store = ExchangeStore.openReadOnly(db)) {
      for (DashboardRange r : DashboardRange.values()) {
        DashboardSnapshot last = refresh(store, r, now);
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
          long t = System.nanoTime();
          last = refresh(store, r, now);
          ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        int buckets =
            last.charts().tokensPerMinute().isEmpty()
                ? 0
                : last.charts().tokensPerMinute().getFirst().points().size();
        System.out.printf(
            Locale.ROOT,
            "%-11s %,9d %10d %8d %7s%n",
            r.label(),
            last.stats().requests(),
            ms[RUNS / 2],
            buckets,
            last.charts().width());
      }
    }
  }

  /** One refresh as the window runs it, on this thread. */
  private static DashboardSnapshot refresh(ExchangeStore store, DashboardRange range, long now) {
    DashboardViewModel vm =
        new DashboardViewModel(store, Runnable::run, Runnable::run, () -> now, ZoneOffset.UTC);
    vm.rangeProperty().set(range);
    vm.start();
    return vm.snapshotProperty().get();
  }
}
