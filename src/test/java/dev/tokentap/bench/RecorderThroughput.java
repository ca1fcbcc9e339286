package dev.tokentap.bench;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Section 4, recorder rows/s: {@link #EXCHANGES} synthetic exchanges offered to TokenTap's recorder
 * (the app's settings: {@link RecorderSettings#defaults()}, captures on), timed from the first
 * offer until all are committed. The offering thread waits while the queue is nearly full, so this
 * is the rate the single writer sustains (redaction, zstd, SQLite batches), not how much a burst
 * drops. Runs in the benchmark JVM, in a fresh data dir, while the forwarders are idle.
 */
final class RecorderThroughput {
  private RecorderThroughput() {}

  static final int EXCHANGES = 100_000;

  private static final long LIMIT_NANOS = 180_000_000_000L;

  /**
   * The outcome of the section.
   *
   * @param rowsPerSec committed rows per second, or NaN when not measured
   * @param note how it went, in words
   */
  record Result(double rowsPerSec, String note) {}

  /** Runs this section alone: {@code ... RecorderThroughput [DIR]}; prints rows/s. */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tokentap-recorder");
    Result r = measure(dir);
    System.out.printf("recorder: %,.0f rows/s (%s)%n", r.rowsPerSec(), r.note());
  }

  static Result measure(Path dir) {
    RecorderSettings settings = RecorderSettings.defaults();
    int highWater = Math.max(1, settings.queueCapacity() - 256);
    long t0 = System.currentTimeMillis();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      long start = System.nanoTime();
      long deadline = start + LIMIT_NANOS;
      long refused = 0;
      long offered = 0;
      long written;
      long failed;
      boolean complete;
      try (Recorder recorder = store.startRecorder(settings)) {
        for (long i = 1; i <= EXCHANGES && System.nanoTime() < deadline; i++) {
          while (recorder.queued() >= highWater && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
          }
          if (!recorder.offer(SyntheticExchanges.exchange(i, t0))) {
            refused++;
          }
          offered++;
        }
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        complete = recorder.flush(Duration.ofMillis(left));
        written = recorder.writtenCount();
        failed = recorder.failedCount();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = store.count();
      long dbBytes = sizeOf(store.databaseFile()) + sizeOf(Path.of(store.databaseFile() + "-wal"));
      String note =
          String.format(
              java.util.Locale.ROOT,
              "%,d offered, %,d committed (%,d rows in the table), %,d refused, %,d failed in"
                  + " %.1f s%s; database %.1f MiB, %,d B/row",
              offered,
              written,
              rows,
              refused,
              failed,
              seconds,
              complete ? "" : ", NOT ALL COMMITTED within the time limit",
              dbBytes / 1048576.0,
              rows == 0 ? 0 : dbBytes / rows);
      return new Result(written / seconds, note);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Double.NaN, "interrupted");
    } catch (RuntimeException e) {
      return new Result(Double.NaN, "FAILED: " + e);
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Rows in a data dir's database (TokenTap must have stopped), or -1 when it cannot be read. */
  static long rowsIn(Path dataDir) {
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      return store.count();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
