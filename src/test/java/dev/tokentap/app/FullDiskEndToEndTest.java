package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import dev.tokentap.testing.SmallFileSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The data dir on a real 4 MiB file system that fills up (where the test may mount one): every
 * request is still answered; headless says "Not recording" once and "Recording again" once, the
 * window shows a red banner while it lasts; freed space is picked up without a restart and nothing
 * is lost.
 */
class FullDiskEndToEndTest {

  private static final int DURING = 8;

  @RegisterExtension final SmallFileSystem disk = SmallFileSystem.ofSize("4m");

  @Test
  void headlessSaysItOnceWhenItStopsAndOnceWhenItRecordsAgain() throws Exception {
    Path dataDir = disk.root().resolve("data");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      TokenTap app = HeadlessTokenTap.start(dataDir, upstream.url(), out);
      try {
        send(app, upstream);
        disk.fill();
        for (int i = 0; i < DURING; i++) {
          assertThat(send(app, upstream).status())
              .as("answered while the disk is full")
              .isEqualTo(200);
        }
        waitFor(() -> bytes.toString(StandardCharsets.UTF_8).contains("Not recording: disk full"));
        Thread.sleep(1_000); // retries fail meanwhile: not one line each
        disk.free();
        waitFor(() -> bytes.toString(StandardCharsets.UTF_8).contains("Recording again"));
      } finally {
        app.stop();
      }
    }
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("Not recording")))
        .singleElement()
        .asString()
        .startsWith("tokentap: Not recording: disk full — ")
        .endsWith("; freed space is picked up by itself");
    assertThat(log.lines().filter(l -> l.contains("Recording again"))).hasSize(1);
    assertThat(log)
        .contains("tokentap: stopped; " + (DURING + 1) + " exchanges recorded this run\n");
    try (ExchangeStore store = ExchangeStore.openReadOnly(dataDir.resolve("tokentap.db"))) {
      assertThat(store.count()).isEqualTo(DURING + 1);
    }
  }

  @Test
  void theWindowShowsARedBannerWhileItLasts() throws Exception {
    try (RunningWindow running = RunningWindow.start(disk.root().resolve("data"))) {
      running.send("chat_nonstream");
      disk.fill();
      running.send("chat_nonstream");
      WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> banner(running).isVisible()));
      assertThat(fx(() -> banner(running).getText()))
          .matches(
              "Not recording: disk full — [0-9]+ exchanges? waiting;"
                  + " freed space is picked up by itself");
      assertThat(fx(() -> banner(running).getStyleClass())).contains("error-banner");

      disk.free();
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> !banner(running).isVisible()));
      assertThat(running.app().tokenTap().store().count()).isEqualTo(2);
    }
  }

  private static Label banner(RunningWindow running) {
    return (Label) running.app().stage().getScene().lookup("#store-problem");
  }

  private static RawClient.Answer send(TokenTap app, ReplayUpstream upstream) throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    upstream.enqueue(Reply.of(f).scaled(0.01));
    try (RawClient client = new RawClient(app.listenAddress().getPort())) {
      client.send(f.requestBytes());
      return client.read(false);
    }
  }

  private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
  }
}
