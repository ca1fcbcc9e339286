package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.endpoint.Unreadable;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which exchanges become lines, and the metrics of a line. */
class JsonlExporterTest {

  private static final Fixture CHAT = Fixture.load("chat_stream");

  @Test
  void aLineCarriesTheMetricsWithNullsForUnknowns() throws Exception {
    ObjectNode line =
        JsonlExporter.line(exchange(Endpoint.CHAT_COMPLETIONS, 200, Outcome.OK), cap(false));
    assertThat(line.path("metrics").toString())
        .isEqualTo(
            "{\"prompt_tokens\":29,\"cached_tokens\":null,\"completion_tokens\":32,"
                + "\"prompt_tps\":null,\"gen_tps\":55.5,\"ttft_ms\":12.5,\"duration_ms\":300.25,"
                + "\"finish_reason\":\"length\",\"streamed\":true,\"id\":7,"
                + "\"started_at\":\"2026-11-28T10:00:00.123Z\",\"conversation_id\":null,"
                + "\"turn\":null,\"cache_miss\":null}");
    assertThat(line.path("model").asText()).isEqualTo("tiny");
    assertThat(line.path("messages")).hasSize(3);
  }

  @Test
  void skipsSayWhy() {
    assertReason(
        exchange(Endpoint.EMBEDDINGS, 200, Outcome.OK), cap(false), Unreadable.Reason.NOT_CHAT);
    assertReason(
        exchange(Endpoint.CHAT_COMPLETIONS, 500, Outcome.UPSTREAM_ERROR),
        cap(false),
        Unreadable.Reason.FAILED);
    assertReason(
        exchange(Endpoint.CHAT_COMPLETIONS, 200, Outcome.CLIENT_ABORTED),
        cap(false),
        Unreadable.Reason.FAILED);
    assertReason(
        exchange(Endpoint.CHAT_COMPLETIONS, 200, Outcome.OK),
        Optional.empty(),
        Unreadable.Reason.NO_CAPTURE);
    assertReason(
        exchange(Endpoint.CHAT_COMPLETIONS, 200, Outcome.OK),
        cap(true),
        Unreadable.Reason.TRUNCATED);
    assertReason(
        exchange(Endpoint.MESSAGES, 200, Outcome.OK), cap(false), Unreadable.Reason.UNPARSEABLE);
  }

  private static void assertReason(
      StoredExchange x, Optional<Capture> c, Unreadable.Reason reason) {
    assertThatThrownBy(() -> JsonlExporter.line(x, c))
        .isInstanceOf(Unreadable.class)
        .extracting(e -> ((Unreadable) e).reason())
        .isEqualTo(reason);
  }

  private static Optional<Capture> cap(boolean truncated) {
    return Optional.of(
        new Capture(
            List.of(),
            List.of(),
            new CaptureBody(CHAT.requestBody(), CHAT.requestBody().length, false, null, true),
            new CaptureBody(CHAT.responseBody(), CHAT.responseBody().length, truncated, null, true),
            0));
  }

  private static StoredExchange exchange(Endpoint endpoint, int status, Outcome outcome) {
    return new StoredExchange(
        7,
        1_795_860_000_123L,
        "POST",
        "/v1/chat/completions",
        "tiny",
        status,
        true,
        12.5,
        300.25,
        29L,
        null,
        32L,
        null,
        55.5,
        100,
        2000,
        outcome,
        null,
        null,
        endpoint,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null);
  }
}
