package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.testing.SyntheticStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed export leaves the target as it was and no partial file. */
class ExportJobTest {

  @TempDir Path dir;

  @Test
  void aFailureMidWriteLeavesTheOldFileAndNoPartial() throws Exception {
    Path db = SyntheticStore.create(dir.resolve("data"), 100);
    Path target = dir.resolve("out.csv");
    Files.writeString(target, "the previous export");
    ExportJob failing =
        new ExportJob(
            format ->
                (store, filter, file, progress) -> {
                  try (OutputStream o = Files.newOutputStream(file)) {
                    o.write(
                        "id,started_at\r\n1,".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  }
                  throw new IOException("No space left on device");
                });
    ExportRequest request =
        new ExportRequest(db, false, ExchangeFilter.ALL, ExportFormat.CSV, target);
    assertThatThrownBy(() -> failing.run(request, (d, t) -> {}, f -> {}))
        .isInstanceOf(ExportException.class)
        .hasMessage("Cannot write " + target + ": No space left on device.");
    assertThat(target).hasContent("the previous export");
    assertThat(partials()).isEmpty();
  }

  @Test
  void aSessionFailureMidWriteLeavesNothing() throws Exception {
    Path target = dir.resolve("out.tokentap");
    ExportJob failing =
        new ExportJob(
            format ->
                (store, filter, file, progress) -> {
                  new SessionExporter().export(store, filter, file, progress);
                  throw new IllegalStateException("injected");
                });
    assertThatThrownBy(
            () ->
                failing.run(
                    new ExportRequest(
                        SyntheticStore.create(dir.resolve("data"), 10),
                        false,
                        ExchangeFilter.ALL,
                        ExportFormat.SESSION,
                        target),
                    (d, t) -> {},
                    f -> {}))
        .hasMessage("injected");
    assertThat(target).doesNotExist();
    assertThat(partials()).isEmpty();
  }

  @Test
  void aDiscardedExportIsNeverCommitted() throws Exception {
    Path db = SyntheticStore.create(dir.resolve("data"), 10);
    Path target = dir.resolve("out.csv");
    ExportRequest request =
        new ExportRequest(db, false, ExchangeFilter.ALL, ExportFormat.CSV, target);
    // as the Ctrl-C hook does, while the export runs
    assertThatThrownBy(() -> new ExportJob().run(request, (d, t) -> {}, AtomicFile::discard))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("cancelled");
    assertThat(target).doesNotExist();
    assertThat(partials()).isEmpty();
  }

  @Test
  void progressCountsUpToTheTotal() throws Exception {
    Path db = SyntheticStore.create(dir.resolve("data"), 5_000);
    long[] last = {-1, -1};
    ExportJob.Result r =
        new ExportJob()
            .run(
                new ExportRequest(
                    db,
                    false,
                    ExchangeFilter.ALL,
                    ExportFormat.SESSION,
                    dir.resolve("all.tokentap")),
                (d, t) -> {
                  assertThat(d).isGreaterThanOrEqualTo(last[0]);
                  last[0] = d;
                  last[1] = t;
                },
                f -> {});
    assertThat(r.exchanges()).isEqualTo(5_000);
    assertThat(last).containsExactly(5_000, 5_000);
    assertThat(r.bytes()).isEqualTo(Files.size(dir.resolve("all.tokentap")));
  }

  private List<Path> partials() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }
}
