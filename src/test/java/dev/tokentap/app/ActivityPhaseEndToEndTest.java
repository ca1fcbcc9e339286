package dev.tokentap.app;

import static dev.tokentap.app.RunningWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.FakeLlamaServer;
import dev.tokentap.testing.Fixture;
import dev.tokentap.ui.activity.ActivityItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
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
 * The activity table over a fake llama-server (the real fixtures' {@code /slots}, one slot made
 * busy reading a prompt, and {@code /props}, n_ctx 4,096): a running row tells its phase and, as
 * the only one reading a prompt, the slot's progress; a stored row its Context %.
 */
class ActivityPhaseEndToEndTest {

  @StartStop private final MockWebServer llama = new MockWebServer();
  private final FxRobot robot = new FxRobot();
  @TempDir Path dataDir;
  private DesktopApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static String answer(int prompt, int completion) {
    return "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"tiny\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (prompt + completion)
        + "}}";
  }

  @Test
  void aRunningRowTellsItsPhaseAndAStoredRowItsContext() throws Exception {
    Map<String, byte[]> answers =
        Map.of(
            "/slots", FakeLlamaServer.slotsWithOneBusy(),
            "/props", Fixture.load("get_props").responseBody(),
            "/health", Fixture.load("get_health").responseBody());
    llama.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/v1/chat/completions")) {
              String model = request.getBody() == null ? "" : request.getBody().utf8();
              boolean slow = model.contains("slow");
              MockResponse.Builder b =
                  new MockResponse.Builder()
                      .code(200)
                      .addHeader("Content-Type", "application/json")
                      .body(slow ? answer(2048, 10) : answer(3700, 100));
              if (slow) {
                b.headersDelay(3, TimeUnit.SECONDS).bodyDelay(6, TimeUnit.SECONDS);
              }
              return b.build();
            }
            return FakeLlamaServer.answer(answers, path);
          }
        });
    app = WindowedTokenTap.start(dataDir, llama.url("/").toString());
    HttpClient http = HttpClient.newHttpClient();
    URI chat =
        URI.create(
            "http://127.0.0.1:"
                + app.tokenTap().listenAddress().getPort()
                + "/v1/chat/completions");

    CompletableFuture<HttpResponse<String>> slow =
        http.sendAsync(post(chat, "slow"), HttpResponse.BodyHandlers.ofString());
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> statusCell(0)).equals("waiting…"));
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> fx(() -> statusCell(0)).equals("200 prompt 1,024/2,048 (50%)"));
    assertThat(fx(() -> contextCell(0).getText())).isEqualTo("50%"); // the slot's 2,048 tokens
    assertThat(slow.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    HttpResponse<String> quick =
        http.send(post(chat, "quick"), HttpResponse.BodyHandlers.ofString());
    assertThat(quick.statusCode()).isEqualTo(200);
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () ->
            fx(
                () ->
                    table().getItems().size() == 2
                        && !table().getItems().get(0).row().inFlight()
                        && table().getItems().get(0).row().promptTokens() != null
                        && table().getItems().get(0).row().promptTokens() == 3700));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> contextCell(0).getText())).isEqualTo("93%"); // 3,800 of 4,096
    assertThat(fx(() -> contextCell(0).getPseudoClassStates()))
        .contains(PseudoClass.getPseudoClass("context-high"));
    assertThat(fx(() -> contextCell(1).getText())).isEqualTo("50%"); // 2,058 of 4,096
    assertThat(fx(() -> contextCell(1).getPseudoClassStates()))
        .doesNotContain(PseudoClass.getPseudoClass("context-high"));
  }

  private static HttpRequest post(URI uri, String model) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"model\":\""
                    + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                StandardCharsets.UTF_8))
        .build();
  }

  private String statusCell(int row) {
    TableCell<?, ?> c = find("status", row);
    return c == null || c.getText() == null ? "" : c.getText();
  }

  private TableCell<?, ?> contextCell(int row) {
    return cell("context", row);
  }

  private TableCell<?, ?> cell(String column, int row) {
    TableCell<?, ?> c = find(column, row);
    if (c == null) {
      throw new AssertionError("no cell " + column + " in row " + row);
    }
    return c;
  }

  private TableCell<?, ?> find(String column, int row) {
    return robot.from(table()).lookup(".table-cell").queryAll().stream()
        .map(n -> (TableCell<?, ?>) n)
        .filter(
            c ->
                c.getTableColumn() != null
                    && column.equals(c.getTableColumn().getId())
                    && c.getIndex() == row
                    && !c.isEmpty())
        .findFirst()
        .orElse(null);
  }

  @SuppressWarnings("unchecked")
  private TableView<ActivityItem> table() {
    return (TableView<ActivityItem>) app.stage().getScene().lookup("#activity-table");
  }
}
