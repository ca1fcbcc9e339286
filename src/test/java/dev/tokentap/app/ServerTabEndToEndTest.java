package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.FakeLlamaServer;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.Screenshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Server tab in the real window, over a fake llama-server answering the real fixtures' {@code
 * /slots} (one slot made busy reading a prompt), {@code /props} and {@code /metrics}.
 */
class ServerTabEndToEndTest {

  @StartStop private final MockWebServer llama = new MockWebServer();
  private final FxRobot robot = new FxRobot();
  @TempDir Path dataDir;
  private DesktopApp app;
  private final AtomicInteger slotReads = new AtomicInteger();

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theTabShowsTheSlotsOfLlamaServer() throws Exception {
    Map<String, byte[]> answers =
        Map.of(
            "/slots", FakeLlamaServer.slotsWithOneBusy(),
            "/props", Fixture.load("get_props").responseBody(),
            "/metrics", Fixture.load("get_metrics_after").responseBody(),
            "/health", Fixture.load("get_health").responseBody());
    llama.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/slots")) {
              slotReads.incrementAndGet();
            }
            return FakeLlamaServer.answer(answers, path);
          }
        });
    app = WindowedTokenTap.start(dataDir, llama.url("/").toString());
    int beforeShown = slotReads();

    robot.interact(
        () -> {
          TabPane tabs = (TabPane) app.stage().getScene().lookup("#main-tabs");
          Tab server =
              tabs.getTabs().stream().filter(t -> t.getText().equals("Server")).findFirst().get();
          tabs.getSelectionModel().select(server);
        });
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> slotsTable().getItems().size()) == 4);

    assertThat(beforeShown).as("no /slots read before the tab was shown").isZero();
    assertThat(fx(() -> ((Label) app.stage().getScene().lookup("#server-headline")).getText()))
        .contains("llama-server at http://")
        .contains("build b1-de3ff81")
        .contains("tiny (/models/tiny.gguf)")
        .contains("n_ctx 4,096")
        .contains("4 slots");
    List<Object> states =
        fx(
            () -> {
              TableView<?> t = slotsTable();
              return java.util.stream.IntStream.range(0, t.getItems().size())
                  .mapToObj(i -> (Object) t.getColumns().get(1).getCellData(i))
                  .toList();
            });
    assertThat(states)
        .containsExactly(
            "idle", "processing the prompt: 1,024 of 2,048 tokens (50%)", "idle", "idle");
    assertThat(fx(() -> figuresTable().getItems().size())).isEqualTo(15);
    WaitForAsyncUtils.waitForFxEvents();
    Path png = fx(() -> Screenshots.save(app.stage().getScene(), "server-tab"));
    assertThat(Files.size(png)).isGreaterThan(10_000);

    // a minimised window shows nothing: the reads stop (no exchange runs), and start again
    robot.interact(() -> app.stage().setIconified(true));
    // a read under way when it was minimised may still end: wait until the count holds still
    // (while reading it moves every 250 ms, so this times out if the reads go on)
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> {
          int before = slotReads();
          Thread.sleep(600);
          return slotReads() == before;
        });
    int atMinimised = slotReads();
    Thread.sleep(1_500); // six read periods of 250 ms
    assertThat(slotReads()).as("/slots reads while minimised").isEqualTo(atMinimised);
    robot.interact(() -> app.stage().setIconified(false));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> slotReads() > atMinimised);
  }

  private int slotReads() {
    return slotReads.get();
  }

  private TableView<?> slotsTable() {
    return (TableView<?>) app.stage().getScene().lookup("#server-slots");
  }

  private TableView<?> figuresTable() {
    return (TableView<?>) app.stage().getScene().lookup("#server-figures");
  }
}
