package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first start of this version on a long history from before the rollups: a small window says
 * that the history is being summed up while it is, then the main window opens with every exchange
 * counted, and the small window is gone.
 */
class UpgradeProgressEndToEndTest {

  private static final int HISTORY = 150_000;

  @TempDir Path dataDir;

  @Test
  void aLongHistoryIsSummedUpOnceWithAWindowSayingSo() throws Exception {
    // within the default 24 h range, whenever the window reads it
    SyntheticStore.createBeforeRollups(dataDir, HISTORY, System.currentTimeMillis() - 3_600_000L);
    CompletableFuture<RunningWindow> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return RunningWindow.start(dataDir);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    List<String> seen = new CopyOnWriteArrayList<>();
    while (!starting.isDone()) {
      String text;
      try {
        text = WaitForAsyncUtils.asyncFx(UpgradeProgressEndToEndTest::progressText).get();
      } catch (IllegalStateException toolkitNotStartedYet) {
        text = null;
      }
      if (text != null) {
        seen.add(text);
      }
      Thread.sleep(20);
    }
    try (RunningWindow running = starting.get(60, TimeUnit.SECONDS)) {
      assertThat(seen).isNotEmpty().anyMatch(t -> t.contains("Summing up"));
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(WaitForAsyncUtils.asyncFx(UpgradeProgressEndToEndTest::progressText).get())
          .isNull(); // closed before the main window opened
      WaitForAsyncUtils.waitFor(
          10,
          TimeUnit.SECONDS,
          () ->
              WaitForAsyncUtils.asyncFx(
                      () -> {
                        Label requests =
                            (Label) running.app().stage().getScene().lookup("#tile-requests");
                        return requests != null && requests.getText().equals("150,000");
                      })
                  .get());
    }
  }

  /** The progress window's text while it shows, else null (FX thread). */
  private static String progressText() {
    assertThat(Platform.isFxApplicationThread()).isTrue();
    return Window.getWindows().stream()
        .filter(Window::isShowing)
        .map(w -> w.getScene().lookup("#startup-progress-text"))
        .filter(Objects::nonNull)
        .map(n -> ((Label) n).getText())
        .findFirst()
        .orElse(null);
  }
}
