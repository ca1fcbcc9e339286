package dev.tokentap.export;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one {@link ExportRequest}: opens the source read-only (no lock, works beside a running
 * TokenTap), counts, writes through an {@link AtomicFile} and reports progress. Every failure is an
 * {@link ExportException} with one line; the target is then left as it was.
 */
public final class ExportJob {

  /** Progress: {@code done} of {@code total} exchanges written so far. */
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total);
  }

  /**
   * What an export did.
   *
   * @param exchanges how many exchanges (JSONL: lines) were written
   * @param note what the exporter left out and why (JSONL's skipped exchanges), or null
   */
  public record Result(long exchanges, Path file, long bytes, Duration took, String note) {}

  private final Function<ExportRequest, Exporter> exporters;

  public ExportJob() {
    this.exporters = request -> Exporter.of(request.format(), request.withBodies());
  }

  /** With other exporters (tests inject failures this way). */
  public ExportJob(Function<ExportFormat, Exporter> exporters) {
    this.exporters = request -> exporters.apply(request.format());
  }

  /**
   * Runs {@code request}. {@code onStart} receives the {@link AtomicFile} before anything is
   * written, so a shutdown hook can discard it on Ctrl-C.
   */
  public Result run(ExportRequest request, Progress progress, Consumer<AtomicFile> onStart) {
    long start = System.nanoTime();
    OpenedSession har =
        request.fromSession() && isHar(request.source())
            ? OpenedSession.open(request.source())
            : null;
    try (har;
        ExchangeStore store =
            har != null ? har.store() : open(request.source(), request.fromSession())) {
      long total = store.count(request.filter());
      progress.update(0, total);
      try (AtomicFile file = AtomicFile.create(request.out())) {
        onStart.accept(file);
        Exporter exporter = exporters.apply(request);
        long n =
            exporter.export(
                store, request.filter(), file.temp(), done -> progress.update(done, total));
        file.commit();
        long bytes = Files.size(file.target());
        return new Result(
            n,
            file.target(),
            bytes,
            Duration.ofNanos(System.nanoTime() - start),
            exporter.summary().orElse(null));
      } catch (IOException e) {
        throw new ExportException("Cannot write " + request.out() + ": " + reason(e) + ".", e);
      }
    } catch (StoreException e) {
      throw new ExportException(e.getMessage(), e);
    }
  }

  /** Whether {@code file} looks like a HAR file ({@code --from x.har} is imported first). */
  private static boolean isHar(Path file) {
    try {
      return OpenedSession.sniff(file) == OpenedSession.Format.HAR;
    } catch (ExportException e) {
      return false;
    }
  }

  /**
   * Opens a data dir's database ({@code dbFile}, its {@code tokentap.db}) read-only: no lock, so it
   * works while TokenTap records into it.
   *
   * @throws ExportException with one line when it is missing or cannot be read
   */
  public static ExchangeStore openDataDir(Path dbFile) {
    return open(dbFile, false);
  }

  private static ExchangeStore open(Path source, boolean fromSession) {
    if (!fromSession && !Files.exists(source)) {
      throw new ExportException(
          "No TokenTap database in "
              + source.toAbsolutePath().getParent()
              + " ("
              + source.getFileName()
              + " is missing): give the data dir TokenTap records into with --data-dir.");
    }
    ExchangeStore store;
    try {
      store = ExchangeStore.openReadOnly(source);
    } catch (StoreException e) {
      boolean notOurs = e.getMessage() != null && e.getMessage().contains("not a TokenTap");
      throw new ExportException(
          fromSession && notOurs ? source + " is not a TokenTap session file." : e.getMessage(), e);
    }
    if (fromSession) {
      String version = store.meta(ExchangeStore.SESSION_FORMAT_KEY).orElse(null);
      if (version == null) {
        store.close();
        throw new ExportException(
            source + " is not a TokenTap session file (it has no session format version).");
      }
      if (!ExchangeStore.readsSessionFormat(version)) {
        store.close();
        throw new ExportException(
            source
                + " is a session file of format "
                + version
                + ", this TokenTap reads formats up to "
                + ExchangeStore.SESSION_FORMAT_VERSION
                + ": upgrade TokenTap.");
      }
    }
    return store;
  }

  /** What went wrong with a file, in words. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
