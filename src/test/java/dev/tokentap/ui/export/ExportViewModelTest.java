package dev.tokentap.ui.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportJob;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export dialog's logic without the toolkit: jobs run on the calling thread. */
class ExportViewModelTest {

  @TempDir Path dir;
  private Path db;
  private final Instant now = Instant.ofEpochMilli(SyntheticStore.T0).plus(Duration.ofHours(1));

  @BeforeEach
  void store() throws Exception {
    db = SyntheticStore.create(dir.resolve("data"), 50); // one a second from T0
  }

  private ExportViewModel vm(Consumer<Runnable> fx) {
    return new ExportViewModel(
        db,
        () -> {
          try (ExchangeStore s = ExchangeStore.openReadOnly(db)) {
            return s.modelNames();
          }
        },
        new ExportJob(),
        Runnable::run,
        fx,
        () -> now);
  }

  @Test
  void exportsTheChosenModelAsCsvAndReportsTheResult() throws Exception {
    ExportViewModel vm = vm(Runnable::run);
    vm.loadModels();
    assertThat(vm.models()).containsExactlyInAnyOrder("tiny", "big");
    vm.modelProperty().set("tiny");
    Path out = dir.resolve("out.csv");
    assertThat(vm.start(out)).isTrue();
    assertThat(vm.errorProperty().get()).isNull();
    assertThat(vm.doneProperty().get()).isTrue();
    assertThat(vm.progressProperty().get()).isEqualTo(1.0);
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.messageProperty().get()).startsWith("Exported 25 exchanges to " + out);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(26);
    assertThat(lines.getFirst()).startsWith("id,");
  }

  @Test
  void rangesCountBackFromNowAndCustomTimesAreChecked() {
    ExportViewModel vm = vm(Runnable::run);
    assertThat(vm.filter().since()).isNull();
    vm.rangeProperty().set(ExportRange.LAST_HOUR);
    assertThat(vm.filter().since()).isEqualTo(now.minus(Duration.ofHours(1)));
    vm.rangeProperty().set(ExportRange.LAST_WEEK);
    assertThat(vm.filter().since()).isEqualTo(now.minus(Duration.ofDays(7)));
    vm.rangeProperty().set(ExportRange.CUSTOM);
    vm.sinceProperty().set("2h");
    vm.untilProperty().set("2026-11-28T10:00:30Z");
    assertThat(vm.filter().since()).isEqualTo(now.minus(Duration.ofHours(2)));
    assertThat(vm.filter().until()).isEqualTo(Instant.parse("2026-11-28T10:00:30Z"));
    vm.sinceProperty().set("yesterday");
    assertThat(vm.start(dir.resolve("x.csv"))).isFalse();
    assertThat(vm.errorProperty().get()).isNotBlank();
    assertThat(dir.resolve("x.csv")).doesNotExist();
  }

  @Test
  void customRangeTakesOnlyItsExchanges() throws Exception {
    ExportViewModel vm = vm(Runnable::run);
    vm.rangeProperty().set(ExportRange.CUSTOM);
    vm.sinceProperty().set("2026-11-28T10:00:10.500Z");
    vm.untilProperty().set("2026-11-28T10:00:20.500Z");
    Path out = dir.resolve("range.csv");
    vm.start(out);
    assertThat(Files.readAllLines(out)).hasSize(11); // ids 11..20 and the header
  }

  @Test
  void bodiesApplyToSessionAndHarOnlyAndTheNameFollowsTheFormat() {
    ExportViewModel vm = vm(Runnable::run);
    vm.withBodiesProperty().set(false);
    assertThat(vm.suggestedFileName()).endsWith(".csv");
    assertThat(vm.bodiesApplyProperty().get()).isFalse();
    assertThat(vm.request(dir.resolve("a.csv")).withBodies()).isTrue();
    vm.formatProperty().set(ExportFormat.HAR);
    assertThat(vm.suggestedFileName()).startsWith("tokentap-2026-11-28-").endsWith(".har");
    assertThat(vm.bodiesApplyProperty().get()).isTrue();
    assertThat(vm.request(dir.resolve("a.har")).withBodies()).isFalse();
  }

  @Test
  void cancelLeavesNoFile() {
    AtomicBoolean cancelNext = new AtomicBoolean(true);
    ExportViewModel[] holder = new ExportViewModel[1];
    ExportViewModel vm =
        vm(
            r -> {
              r.run();
              if (holder[0] != null
                  && holder[0].runningProperty().get()
                  && cancelNext.getAndSet(false)) {
                holder[0].cancel(); // the user presses Cancel at the first progress
              }
            });
    holder[0] = vm;
    vm.formatProperty().set(ExportFormat.SESSION);
    Path out = dir.resolve("cancelled.tokentap");
    vm.start(out);
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.doneProperty().get()).isFalse();
    assertThat(vm.messageProperty().get()).contains("cancelled");
    assertThat(out).doesNotExist();
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("data"); // no temporary file left either
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
