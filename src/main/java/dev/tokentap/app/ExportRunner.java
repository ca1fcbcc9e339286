package dev.tokentap.app;

import dev.tokentap.export.AtomicFile;
import dev.tokentap.export.ExportException;
import dev.tokentap.export.ExportJob;
import dev.tokentap.export.ExportRequest;
import dev.tokentap.model.ByteSize;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code tokentap export} for the command line: progress on stderr about once a second, a last
 * line with count, file, size and time, and a shutdown hook that deletes the partial file on
 * Ctrl-C. Exit codes: 0 done, 1 failed (one line on stderr, no stack trace).
 */
final class ExportRunner {

  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

  private ExportRunner() {}

  static int run(ExportRequest request, PrintStream err) {
    AtomicReference<Thread> hook = new AtomicReference<>();
    long[] lastReport = {System.nanoTime()};
    ExportJob.Progress progress =
        (done, total) -> {
          long now = System.nanoTime();
          if (done > 0 && done < total && now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
            lastReport[0] = now;
            err.printf(Locale.ROOT, "tokentap: exported %,d of %,d exchanges%n", done, total);
          }
        };
    try {
      ExportJob.Result r =
          new ExportJob()
              .run(
                  request,
                  progress,
                  (AtomicFile file) -> {
                    Thread t = new Thread(file::discard, "tokentap-export-cancel");
                    Runtime.getRuntime().addShutdownHook(t);
                    hook.set(t);
                  });
      err.printf(
          Locale.ROOT,
          "tokentap: exported %,d exchanges to %s (%s) in %.1f s%s%n",
          r.exchanges(),
          r.file(),
          ByteSize.format(r.bytes()),
          r.took().toMillis() / 1000.0,
          r.note() == null ? "" : "; " + r.note());
      return 0;
    } catch (ExportException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    } finally {
      Thread t = hook.get();
      if (t != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(t);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway; the file is committed or discarded already
        }
      }
    }
  }
}
