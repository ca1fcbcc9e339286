package dev.tokentap.bench;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.TimeBucket;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Dashboard query speed: fills a store with 100,000 and then 1,000,000 synthetic exchanges spread
 * over 30 days (12 models, 140 clients, some values unknown, 2 % errors; inserted by plain SQL, the
 * recorder is measured elsewhere), then times each of the dashboard's queries over the whole
 * history, the last day and one model. Prints the median of {@value #RUNS} runs after one warm-up
 * run. {@code java ... dev.tokentap.bench.StatsBenchmark [DIR] [COUNT...]}.
 */
public final class StatsBenchmark {
  private StatsBenchmark() {}

  static final int RUNS = 5;
  static final long SPAN_MS = Duration.ofDays(30).toMillis();
  static final long T0 = 1_795_860_000_000L; // 2026-11-28T10:00:00Z

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tokentap-stats");
    int[] counts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100_000, 1_000_000};
    System.out.printf(
        Locale.ROOT,
        "TokenTap dashboard query benchmark: %d cpus, %s; median of %d runs, ms%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        RUNS);
    for (int n : counts) {
      run(dir.resolve("n" + n), n);
    }
  }

  private static void run(Path data, int n) throws Exception {
    long t = System.nanoTime();
    Path db = fill(data, n);
    System.out.printf(
        Locale.ROOT,
        "%n%,d exchanges: filled in %.1f s, database %,d bytes%n",
        n,
        (System.nanoTime() - t) / 1e9,
        Files.size(db));
    Instant end = Instant.ofEpochMilli(T0 + SPAN_MS);
    List<Range> ranges =
        List.of(
            new Range("all (30 days)", ExchangeFilter.ALL),
            new Range("last day", new ExchangeFilter(end.minus(Duration.ofDays(1)), null, null)),
            new Range("one model", new ExchangeFilter(null, null, "qwen3-8b")));
    System.out.printf(
        Locale.ROOT,
        "%-14s %10s %12s %10s %12s %10s%n",
        "range",
        "rangeStats",
        "timeBuckets",
        "modelStats",
        "clientStats",
        "buckets");
    try (ExchangeStore store = ExchangeStore.openReadOnly(db)) {
      Instant today = end.minus(Duration.ofHours(10));
      Instant month = end.minus(Duration.ofDays(20));
      for (Range r : ranges) {
        var stats = store.rangeStats(r.filter());
        Duration width =
            TimeBucket.widthFor(
                Instant.ofEpochMilli(stats.firstStartedAt()),
                Instant.ofEpochMilli(stats.lastStartedAt() + 1));
        int buckets = store.timeBuckets(r.filter(), width, 5).size();
        System.out.printf(
            Locale.ROOT,
            "%-14s %10.1f %12.1f %10.1f %12.1f %5d x %s%n",
            r.name(),
            time(() -> store.rangeStats(r.filter())),
            time(() -> store.timeBuckets(r.filter(), width, 5)),
            time(() -> store.modelStats(r.filter())),
            time(() -> store.clientStats(r.filter(), today, month)),
            buckets,
            width);
      }
    }
  }

  private record Range(String name, ExchangeFilter filter) {}

  /** Median milliseconds of {@link #RUNS} runs, after one warm-up run. */
  private static double time(Supplier<?> query) {
    query.get();
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      query.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }

  /**
   * A store with {@code n} exchanges, ids 1..n, evenly over {@link #SPAN_MS} from {@link #T0}.
   * Models are skewed (a few take most of the traffic); one in 17 reported no usage, one in 5 no
   * cached count, one in 9 no generation speed, two in three are not streamed (no TTFT).
   */
  static Path fill(Path data, int n) throws Exception {
    return fill(data, n, SPAN_MS, Mix.WIDE);
  }

  /**
   * Who sends the synthetic exchanges, as SQL over the row number {@code i}: their model, client
   * address (without the port), user agent and credential fingerprint.
   */
  enum Mix {
    /**
     * What a local model server sees: an agent sends most requests (a coding agent on the same
     * machine, two models), a chat UI on the LAN some, a script and a laptop a few; 5 clients, 6
     * models, 3 keys.
     */
    AGENT(
        """
        CASE WHEN i % 100 < 56 THEN 'qwen3-coder-30b-a3b' WHEN i % 100 < 70 THEN 'qwen3-8b'
             WHEN i % 100 < 85 THEN 'gemma-3-12b' WHEN i % 100 < 93 THEN 'nomic-embed-text'
             WHEN i % 100 < 98 THEN 'llama-3.1-8b-instruct' ELSE NULL END""",
        """
        CASE WHEN i % 100 < 70 THEN '127.0.0.1' WHEN i % 100 < 85 THEN '192.168.1.20'
             WHEN i % 100 < 93 THEN '127.0.0.1' ELSE '192.168.1.31' END""",
        """
        CASE WHEN i % 100 < 70 THEN 'opencode/0.9.2' WHEN i % 100 < 85 THEN 'Open WebUI'
             WHEN i % 100 < 93 THEN 'python-requests/2.32.3' WHEN i % 100 < 98
             THEN 'openai-python/1.54.0' ELSE 'curl/8.14.1' END""",
        """
        CASE WHEN i % 100 < 70 THEN 'a1b2c3d4e5f6' WHEN i % 100 < 85 THEN '0f1e2d3c4b5a'
             WHEN i % 100 < 93 THEN NULL ELSE '9a8b7c6d5e4f' END"""),
    /**
     * The worst case for rollups: 140 clients and 13 models, every combination in turn, so every
     * minute holds as many combinations as exchanges.
     */
    WIDE(
        """
        CASE WHEN i * 7919 % 100 < 40 THEN 'qwen3-8b'
             WHEN i * 7919 % 100 < 65 THEN 'llama-3.1-8b-instruct'
             WHEN i * 7919 % 100 < 80 THEN 'gemma-3-12b'
             WHEN i * 7919 % 100 < 90 THEN 'mistral-small'
             WHEN i * 7919 % 100 < 93 THEN NULL
             ELSE 'model-' || (i % 8) END""",
        "'192.168.1.' || (i % 5)",
        "'openai-python/1.' || (i % 7) || '.0'",
        "substr('0123456789abcdef0123', 1 + i % 4, 12)");

    final String model;
    final String address;
    final String userAgent;
    final String credential;

    Mix(String model, String address, String userAgent, String credential) {
      this.model = model;
      this.address = address;
      this.userAgent = userAgent;
      this.credential = credential;
    }
  }

  /** As {@link #fill(Path, int)}, spread evenly over {@code spanMs} from {@link #T0}. */
  static Path fill(Path data, int n, long spanMs, Mix mix) throws Exception {
    Path db = SyntheticStore.beforeRollups(data);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,
                  ttft_ms, duration_ms, prompt_tokens, cached_tokens, completion_tokens,
                  prompt_tps, gen_tps, request_bytes, response_bytes, outcome, error, query,
                  endpoint, finish_reason, max_gap_ms, event_count, usage_reported,
                  client_address, user_agent, credential_fp, upstream)
                SELECT i, ? + i * ? / ?, 'POST', '/v1/chat/completions',
                  %1$s,
                  CASE WHEN i %% 50 = 0 THEN 500 ELSE 200 END, i %% 3 = 0,
                  CASE WHEN i %% 3 = 0 THEN 50 + i * 31 %% 400 END, 300 + i %% 5000,
                  CASE WHEN i %% 17 <> 0 THEN 100 + i * 13 %% 4000 END,
                  CASE WHEN i %% 17 <> 0 AND i %% 5 <> 0 THEN i * 7 %% 100 END,
                  CASE WHEN i %% 17 <> 0 THEN 10 + i * 11 %% 900 END,
                  CASE WHEN i %% 4 <> 0 THEN 500 + i * 37 %% 3000 END,
                  CASE WHEN i %% 9 <> 0 THEN 5 + i * 53 %% 900 / 10.0 END,
                  400 + i %% 100, 2000 + i %% 1000,
                  CASE WHEN i %% 50 = 0 THEN 'upstream_error' ELSE 'ok' END,
                  CASE WHEN i %% 50 = 0 THEN 'upstream answered 500' END, NULL, 'chat', 'stop',
                  12.5, CASE WHEN i %% 3 = 0 THEN 200 END, i %% 17 <> 0,
                  %2$s || ':' || (40000 + i %% 20000), %3$s, %4$s, 'http://127.0.0.1:8080'
                FROM n"""
                    .formatted(mix.model, mix.address, mix.userAgent, mix.credential))) {
      ps.setInt(1, n);
      ps.setLong(2, T0);
      ps.setLong(3, spanMs);
      ps.setLong(4, n);
      ps.executeUpdate();
    }
    long t = System.nanoTime();
    ExchangeStore.open(data, line -> System.out.println("  " + line)).close();
    System.out.printf(
        Locale.ROOT,
        "  rollups of %,d exchanges built by the migration in %.1f s%n",
        n,
        (System.nanoTime() - t) / 1e9);
    return db;
  }
}
