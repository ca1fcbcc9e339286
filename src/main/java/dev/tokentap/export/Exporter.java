package dev.tokentap.export;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;

/** Writes the exchanges of a store into one file of its format. */
public interface Exporter {

  /**
   * Writes the exchanges {@code filter} takes from {@code store} into {@code file} (new and empty),
   * calling {@code progress} with the running count as it goes. Returns how many were written.
   */
  long export(ExchangeStore store, ExchangeFilter filter, Path file, LongConsumer progress)
      throws IOException;

  /**
   * After {@link #export}: a few words about exchanges it left out (for the summary line), or
   * empty.
   */
  default Optional<String> summary() {
    return Optional.empty();
  }

  /** The exporter of {@code format}. */
  static Exporter of(ExportFormat format) {
    return of(format, true);
  }

  /**
   * The exporter of {@code format}; without {@code withBodies} session and HAR files keep headers
   * and sizes but no bodies (CSV has none; JSONL is made of them, so the command line refuses it).
   */
  static Exporter of(ExportFormat format, boolean withBodies) {
    return switch (format) {
      case CSV -> new CsvExporter();
      case SESSION -> new SessionExporter(withBodies);
      case HAR -> new HarExporter().withBodies(withBodies);
      case JSONL -> new JsonlExporter();
    };
  }
}
