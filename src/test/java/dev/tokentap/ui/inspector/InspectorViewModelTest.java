package dev.tokentap.ui.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.testing.Fixture;
import dev.tokentap.ui.inspector.InspectorViewModel.Side;
import dev.tokentap.ui.inspector.JsonHighlighter.Style;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector's model on a real store written by the real {@link Recorder} (redaction, zstd,
 * event times), from real llama-server fixtures; reads run on queues the test drains, so no
 * toolkit.
 */
class InspectorViewModelTest {

  static final String KEY = "sk-INSPECTORSECRET-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ExchangeStore store;
  private final List<Runnable> workerQueue = new ArrayList<>();
  private final List<Runnable> fxQueue = new ArrayList<>();
  private InspectorViewModel vm;

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
  }

  private void record(boolean captures, Exchange... exchanges) throws Exception {
    store = ExchangeStore.open(dir);
    RecorderSettings settings =
        RecorderSettings.defaults()
            .withCapture(CapturePolicy.DEFAULT.withCapturesEnabled(captures));
    try (Recorder r = store.startRecorder(settings)) {
      for (Exchange e : exchanges) {
        assertThat(r.offer(e)).isTrue();
      }
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
    }
    vm = new InspectorViewModel(store, workerQueue::add, fxQueue::add);
  }

  private void drain() {
    while (!workerQueue.isEmpty() || !fxQueue.isEmpty()) {
      while (!workerQueue.isEmpty()) {
        workerQueue.removeFirst().run();
      }
      while (!fxQueue.isEmpty()) {
        fxQueue.removeFirst().run();
      }
    }
  }

  private Inspection open(long id) {
    vm.open(id);
    assertThat(vm.loadingProperty().get()).isTrue();
    drain();
    assertThat(vm.loadingProperty().get()).isFalse();
    assertThat(vm.problemProperty().get()).isNull();
    return vm.inspectionProperty().get();
  }

  @Test
  void aStreamShowsItsEventsWithTheirTimesAndTheReassembledAnswer() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    record(true, exchange(1, f, f.requestHeaders(), f.requestBody()));
    Inspection i = open(1);

    assertThat(i.captured()).isTrue();
    assertThat(vm.titleProperty().get()).startsWith("#1  POST /v1/chat/completions");
    assertThat(i.events()).hasSize(f.events().size());
    for (int k = 0; k < f.events().size(); k++) {
      assertThat(i.events().get(k).offsetMs())
          .isCloseTo(f.events().get(k).msSinceRequest(), within(0.002));
    }
    assertThat(i.events().getFirst().gapMs()).isNull();
    assertThat(i.events().get(1).gapMs())
        .isCloseTo(
            f.events().get(1).msSinceRequest() - f.events().get(0).msSinceRequest(), within(0.004));
    assertThat(i.events().getLast().preview()).isEqualTo("[DONE]");
    assertThat(i.timeline().events()).isEqualTo(f.events().size());
    assertThat(i.timeline().ttftMs()).isNotNull();

    assertThat(i.answer().content()).isEqualTo(streamedText(f)).isNotEmpty();
    assertThat(i.answerNote()).startsWith("Reassembled from " + f.events().size());
    // the request is JSON (pretty, highlighted); the response an event stream (raw only)
    assertThat(i.request().isJson()).isTrue();
    assertThat(i.request().pretty()).contains("\n  \"messages\": [");
    assertThat(i.request().prettyStyled().spans()).anyMatch(s -> s.style() == Style.KEY);
    assertThat(i.response().isJson()).isFalse();
    assertThat(i.response().raw()).startsWith("data: ");
    assertThat(i.metrics()).anyMatch(m -> m.name().equals("TTFT") && m.value().endsWith("ms"));
    assertThat(vm.bodyText(Side.RESPONSE)).isEqualTo(new String(f.responseBody(), UTF8));
  }

  @Test
  void aPlainAnswerIsPrettyJsonAndItsMessage() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    record(true, exchange(7, f, f.requestHeaders(), f.requestBody()));
    Inspection i = open(7);
    String content =
        JSON.readTree(f.responseBody())
            .path("choices")
            .path(0)
            .path("message")
            .path("content")
            .asText();
    assertThat(i.answer().content()).isEqualTo(content);
    assertThat(i.answerNote()).isEqualTo("Read from the response body.");
    assertThat(i.response().isJson()).isTrue();
    assertThat(i.response().pretty()).contains("\"choices\": [");
    assertThat(i.events()).isEmpty();
    // the pretty text holds exactly the original tokens
    assertThat(JSON.readTree(i.response().pretty())).isEqualTo(JSON.readTree(f.responseBody()));
  }

  @Test
  void secretsAreMarkedAndNeverInTheCurlCommand() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    List<Header> headers = new ArrayList<>(f.requestHeaders());
    headers.add(new Header("Authorization", "Bearer " + KEY));
    byte[] body =
        ("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is "
                + KEY
                + "\"}]}")
            .getBytes(UTF8);
    record(true, exchange(3, f, headers, body));
    Inspection i = open(3);

    assertThat(Header.first(i.requestHeaders(), "Authorization")).contains("[REDACTED]");
    assertThat(i.request().prettyStyled().spans()).anyMatch(s -> s.style() == Style.REDACTED);
    assertThat(i.request().rawStyled().spans()).anyMatch(s -> s.style() == Style.REDACTED);
    String curl = vm.curlText();
    assertThat(curl)
        .startsWith("curl 'http://127.0.0.1:8080/v1/chat/completions'")
        .contains("-H 'Authorization: [REDACTED]'")
        .contains("--data-binary '{\"model\":\"tiny\"")
        .doesNotContain("INSPECTORSECRET")
        .doesNotContain("Content-Length");
    assertThat(vm.bodyText(Side.REQUEST)).doesNotContain("INSPECTORSECRET");
  }

  @Test
  void withoutACaptureTheFiguresAreStillShown() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    record(false, exchange(2, f, f.requestHeaders(), f.requestBody()));
    Inspection i = open(2);
    assertThat(i.captured()).isFalse();
    assertThat(i.request()).isNull();
    assertThat(i.response()).isNull();
    assertThat(i.metrics()).isNotEmpty();
    assertThat(i.timeline().events()).isEqualTo(f.events().size());
    assertThat(i.answerNote()).isEqualTo("No response body was captured.");
    assertThat(i.eventNote()).startsWith("No capture kept");
    assertThat(vm.curlText()).startsWith("# no capture was kept");
    assertThat(vm.hasBody(Side.REQUEST)).isFalse();
  }

  @Test
  void aLateReadOfAnEarlierRowIsDropped() throws Exception {
    Fixture a = Fixture.load("chat_nonstream");
    Fixture b = Fixture.load("chat_stream");
    record(
        true,
        exchange(1, a, a.requestHeaders(), a.requestBody()),
        exchange(2, b, b.requestHeaders(), b.requestBody()));
    vm.open(1);
    vm.open(2);
    assertThat(workerQueue).hasSize(2);
    workerQueue.remove(1).run(); // the read of #2 finishes first
    fxQueue.removeFirst().run();
    assertThat(vm.inspectionProperty().get().row().id()).isEqualTo(2);
    workerQueue.removeFirst().run(); // then the stale read of #1
    drain();
    assertThat(vm.inspectionProperty().get().row().id()).isEqualTo(2);
    assertThat(vm.titleProperty().get()).startsWith("#2 ");
  }

  @Test
  void aMissingRowSaysSo() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    record(
        true,
        exchange(1, f, f.requestHeaders(), f.requestBody()),
        exchange(3, f, f.requestHeaders(), f.requestBody()));
    vm.open(2); // older than a stored row: gone for good, said at once
    drain();
    assertThat(vm.inspectionProperty().get()).isNull();
    assertThat(vm.problemProperty().get()).contains("#2").contains("no longer stored");
  }

  @Test
  void aRowNotStoredYetIsShownOnceItIs() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    record(true, exchange(1, f, f.requestHeaders(), f.requestBody()));
    java.util.concurrent.LinkedBlockingQueue<Runnable> fx =
        new java.util.concurrent.LinkedBlockingQueue<>();
    InspectorViewModel waiting = new InspectorViewModel(store, Runnable::run, fx::add);
    waiting.open(2); // still running: nothing stored after it
    fx.take().run();
    assertThat(waiting.messageProperty().get()).startsWith("Still running");
    assertThat(waiting.problemProperty().get()).isNull();
    try (Recorder r = store.startRecorder(RecorderSettings.defaults())) {
      r.offer(exchange(2, f, f.requestHeaders(), f.requestBody()));
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (waiting.inspectionProperty().get() == null && System.nanoTime() < deadline) {
      Runnable next = fx.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (next != null) {
        next.run();
      }
    }
    assertThat(waiting.inspectionProperty().get().row().id()).isEqualTo(2);
    assertThat(waiting.messageProperty().get()).isNull();
    waiting.clear();
  }

  @Test
  void savesABodyOnTheWorker() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    record(true, exchange(5, f, f.requestHeaders(), f.requestBody()));
    open(5);
    Path file = dir.resolve("out.json");
    vm.saveBody(Side.RESPONSE, file);
    assertThat(Files.exists(file)).isFalse(); // not written on the calling (FX) thread
    drain();
    assertThat(Files.readAllBytes(file)).isEqualTo(f.responseBody());
    assertThat(vm.messageProperty().get()).startsWith("Saved ");
  }

  static final Charset UTF8 = StandardCharsets.UTF_8;

  /** The text a client would have shown: every delta's content, in order. */
  static String streamedText(Fixture f) throws Exception {
    StringBuilder b = new StringBuilder();
    for (String line : new String(f.responseBody(), UTF8).split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        JsonNode delta = JSON.readTree(line.substring(6)).path("choices").path(0).path("delta");
        b.append(delta.path("content").asText(""));
      }
    }
    return b.toString();
  }

  /** {@code f} as the forwarder would hand it to the recorder, its events timed as recorded. */
  static Exchange exchange(long id, Fixture f, List<Header> requestHeaders, byte[] requestBody) {
    EventTimes.Builder times = EventTimes.builder();
    for (Fixture.Event e : f.events()) {
      times.add(Math.round(e.msSinceRequest() * 1000), e.bytes() > 20);
    }
    Double ttft = f.events().isEmpty() ? null : f.events().getFirst().msSinceRequest();
    ExchangeMetrics metrics =
        new ExchangeMetrics(
            "tiny", "stop", 34L, 0L, 32L, 900.0, 5.4, ttft, null, f.events().size(), true);
    int q = f.path().indexOf('?');
    return new Exchange(
        id,
        1_795_860_000_000L + id,
        f.method(),
        q < 0 ? f.path() : f.path().substring(0, q),
        q < 0 ? null : f.path().substring(q + 1),
        "127.0.0.1:50000",
        "http://127.0.0.1:8080",
        requestHeaders,
        f.status(),
        f.responseHeaders(),
        f.streamed(),
        requestBody.length,
        f.responseBody().length,
        f.totalMs(),
        Outcome.OK,
        null,
        metrics,
        new CapturedBody(requestBody, requestBody.length, false),
        new CapturedBody(f.responseBody(), f.responseBody().length, false),
        times.build());
  }
}
