package dev.tokentap.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.server.ReplayRequest;
import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a replay takes from a stored capture, and what it refuses to send. */
class ReplayEditsTest {

  private static final String BODY =
      "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void keepsOnlyHarmlessHeadersAndReadsTheModel() throws Exception {
    ReplaySource s =
        ReplaySource.of(
            row(null, "http://127.0.0.1:8080"),
            capture(
                BODY,
                false,
                new Header("Content-Type", "application/json"),
                new Header("Authorization", "[REDACTED]"),
                new Header("Cookie", "a=b"),
                new Header("X-Api-Key", "[REDACTED]"),
                new Header("Accept", "text/event-stream"),
                new Header("User-Agent", "curl/8")));
    assertThat(s.headers())
        .extracting(Header::name)
        .containsExactly("Content-Type", "Accept", "User-Agent");
    assertThat(s.model()).isEqualTo("tiny");
    assertThat(s.body()).isEqualTo(BODY);
    assertThat(s.upstream()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void aNewModelRewritesTheBodyAndTheSameOneLeavesItAsWritten() throws Exception {
    ReplaySource s = ReplaySource.of(row(null, "http://h:1"), capture(BODY, false));
    ReplayRequest same = new ReplayEdits(BODY, "tiny", "http://h:1", " ").request(s);
    assertThat(new String(same.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
    assertThat(same.credential()).isNull();
    assertThat(same.replayOf()).isEqualTo(5);
    ReplayRequest other = new ReplayEdits(BODY, "big", "http://h:1", "k").request(s);
    assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("\"model\":\"big\"");
    assertThat(other.sentHeaders()).contains(new Header("Authorization", "Bearer k"));
  }

  @Test
  void refusesWhatCannotBeSentFaithfully() throws Exception {
    ReplaySource s = ReplaySource.of(row(null, "http://u:[REDACTED]@h:1"), capture(BODY, false));
    assertThat(s.upstream()).isEmpty();
    assertThatThrownBy(() -> new ReplayEdits(BODY, "", "", null).request(s))
        .hasMessageContaining("No upstream URL");
    assertThatThrownBy(() -> new ReplayEdits(BODY, "", "ftp://h", null).request(s))
        .hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> new ReplayEdits("{\"a\":", "", "http://h:1", null).request(s))
        .isInstanceOf(ReplayRefused.class)
        .hasMessageContaining("not valid JSON (line 1");
    assertThatThrownBy(
            () -> new ReplayEdits("{\"key\":\"[REDACTED]\"}", "", "http://h:1", null).request(s))
        .hasMessageContaining("redacted");
    assertThatThrownBy(() -> new ReplayEdits("[1]", "big", "http://h:1", null).request(s))
        .hasMessageContaining("not a JSON object");
    ReplaySource secretQuery =
        ReplaySource.of(row("api_key=[REDACTED]", "http://h:1"), capture(BODY, false));
    assertThatThrownBy(() -> new ReplayEdits(BODY, "", "http://h:1", null).request(secretQuery))
        .hasMessageContaining("query");
    assertThatThrownBy(() -> ReplaySource.of(row(null, "http://h:1"), capture(BODY, true)))
        .hasMessageContaining("capture cap");
    assertThatThrownBy(() -> ReplaySource.of(row(null, "http://h:1"), null))
        .hasMessageContaining("no capture");
  }

  private static StoredExchange row(String query, String upstream) {
    return new StoredExchange(
        5,
        0,
        "POST",
        "/v1/chat/completions",
        "tiny",
        200,
        false,
        null,
        10,
        null,
        null,
        null,
        null,
        null,
        10,
        10,
        Outcome.OK,
        null,
        query,
        Endpoint.CHAT_COMPLETIONS,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        upstream);
  }

  private static Capture capture(String body, boolean truncated, Header... headers) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return new Capture(
        List.of(headers),
        List.of(),
        new CaptureBody(b, truncated ? b.length * 2L : b.length, truncated, null, true),
        null,
        0);
  }
}
