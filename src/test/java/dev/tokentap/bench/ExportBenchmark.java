package dev.tokentap.bench;

import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportJob;
import dev.tokentap.export.ExportRequest;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Export speed: records {@value #EXCHANGES} synthetic exchanges (captures on, one in ten a
 * 200-event stream) through the real recorder, then exports them in every format and prints
 * exchanges/s, MB/s of output and the peak heap used during each export. Run it with a small heap
 * to see that exports stream: {@code java -Xmx64m ... dev.tokentap.bench.ExportBenchmark [DIR]}.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  static final int EXCHANGES = 100_000;

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tokentap-export");
    Path data = dir.resolve("data");
    System.out.printf(
        Locale.ROOT,
        "TokenTap export benchmark: %,d exchanges, %d cpus, max heap %d MiB, %s%n",
        EXCHANGES,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version());
    record(data);
    System.out.printf(
        Locale.ROOT,
        "%-8s %12s %10s %10s %10s %14s%n",
        "format",
        "exchanges",
        "seconds",
        "exch/s",
        "MB/s",
        "peak heap MiB");
    for (ExportFormat format : ExportFormat.values()) {
      Path out = dir.resolve("export." + format.extension());
      System.gc();
      resetPeaks();
      ExportJob.Result r =
          new ExportJob()
              .run(
                  new ExportRequest(
                      data.resolve(ExchangeStore.DATABASE_FILE),
                      false,
                      ExchangeFilter.ALL,
                      format,
                      out),
                  (done, total) -> {},
                  file -> {});
      double seconds = r.took().toNanos() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-8s %,12d %10.2f %,10.0f %10.1f %14.1f%n",
          format.id(),
          r.exchanges(),
          seconds,
          r.exchanges() / seconds,
          r.bytes() / 1e6 / seconds,
          peakHeapBytes() / 1048576.0);
    }
  }

  private static void record(Path data) throws Exception {
    long t0 = System.currentTimeMillis();
    try (ExchangeStore store = ExchangeStore.open(data)) {
      Recorder recorder = store.startRecorder(RecorderSettings.defaults());
      for (long i = 1; i <= EXCHANGES; i++) {
        while (recorder.queued() > 5_000) {
          LockSupport.parkNanos(200_000);
        }
        recorder.offer(SyntheticExchanges.exchange(i, t0));
      }
      recorder.flush(Duration.ofMinutes(5));
    }
    System.out.printf(
        Locale.ROOT,
        "recorded in %.1f s; database %,d bytes%n",
        (System.currentTimeMillis() - t0) / 1e3,
        Files.size(data.resolve(ExchangeStore.DATABASE_FILE)));
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
