package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

  /** An event as the listener saw it: "type|data", data "<skipped>" when oversized. */
  private static List<String> read(String body, int step, int maxEventBytes, boolean finish) {
    List<String> events = new ArrayList<>();
    SseEventReader reader =
        new SseEventReader(
            maxEventBytes,
            (type, data, len) ->
                events.add(
                    type
                        + "|"
                        + (data == null
                            ? "<skipped>"
                            : new String(data, 0, len, StandardCharsets.UTF_8))));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += step) {
      reader.feed(bytes, i, Math.min(step, bytes.length - i));
    }
    if (finish) {
      reader.finish();
    }
    return events;
  }

  private static List<String> read(String body) {
    return read(body, Integer.MAX_VALUE, 1 << 20, true);
  }

  @Test
  void eventsEndAtBlankLinesWithAnyLineEnding() {
    List<String> expected = List.of("null|one", "null|two", "null|three");
    assertThat(read("data: one\n\ndata: two\n\ndata: three\n\n")).isEqualTo(expected);
    assertThat(read("data: one\r\n\r\ndata: two\r\n\r\ndata: three\r\n\r\n")).isEqualTo(expected);
    assertThat(read("data: one\r\rdata: two\r\rdata: three\r\r")).isEqualTo(expected);
    assertThat(read("data: one\r\n\ndata: two\n\r\ndata: three\r\r\n")).isEqualTo(expected);
  }

  @Test
  void fieldsCommentsAndMultipleDataLines() {
    String body =
        ": keep-alive comment\n\n"
            + "event: message_start\ndata: {\"a\":1}\n\n"
            + "data:no-space\ndata:  two spaces\ndata\n\n"
            + "id: 7\nretry: 100\nunknown: x\ndata: after fields\n\n"
            + "event: lonely\n\n"
            + "data: last\n\n";
    assertThat(read(body))
        .containsExactly(
            "message_start|{\"a\":1}",
            "null|no-space\n two spaces\n",
            "null|after fields",
            "null|last");
  }

  @Test
  void anySplitGivesTheSameEvents() {
    String body =
        "event: content_block_delta\r\ndata: {\"text\":\"日本語 ünï 🚀\"}\r\n\r\n"
            + "data: [DONE]\n\n";
    List<String> whole = read(body);
    assertThat(whole)
        .containsExactly("content_block_delta|{\"text\":\"日本語 ünï 🚀\"}", "null|[DONE]");
    for (int step = 1; step < 12; step++) {
      assertThat(read(body, step, 1 << 20, true)).as("step %d", step).isEqualTo(whole);
    }
  }

  @Test
  void oversizedEventIsSkippedAndCountedThenReadingGoesOn() {
    String big = "x".repeat(5000);
    String body = "data: small\n\ndata: " + big + "\ndata: more\n\nevent: e\ndata: after\n\n";
    for (int step : new int[] {1, 100, 100_000}) {
      assertThat(read(body, step, 1000, true))
          .containsExactly("null|small", "null|<skipped>", "e|after");
    }
    // Many data lines that together pass the limit are skipped too.
    String lines = "data: 0123456789\n".repeat(200) + "\ndata: ok\n\n";
    assertThat(read(lines, 7, 1000, true)).containsExactly("null|<skipped>", "null|ok");
  }

  @Test
  void endOfBodyDispatchesCompleteLinesButDropsHalfALine() {
    assertThat(read("data: a\n\ndata: b\n")).containsExactly("null|a", "null|b");
    assertThat(read("data: a\n\ndata: {\"cut")).containsExactly("null|a");
    assertThat(read("data: a\n\ndata: b\n", 1000, 1 << 20, false)).containsExactly("null|a");
  }
}
