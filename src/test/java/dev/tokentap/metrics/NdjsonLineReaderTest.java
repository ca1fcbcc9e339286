package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLineReaderTest {

  private static List<String> read(String body, int step, int maxLineBytes) {
    List<String> lines = new ArrayList<>();
    NdjsonLineReader reader =
        new NdjsonLineReader(
            maxLineBytes,
            (line, len) ->
                lines.add(
                    line == null ? "<skipped>" : new String(line, 0, len, StandardCharsets.UTF_8)));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += step) {
      reader.feed(bytes, i, Math.min(step, bytes.length - i));
    }
    reader.finish();
    return lines;
  }

  @Test
  void linesWithLfOrCrlfBlankLinesSkippedLastLineWithoutLf() {
    String body = "{\"a\":\"日本\"}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}";
    for (int step = 1; step < 6; step++) {
      assertThat(read(body, step, 1000))
          .containsExactly("{\"a\":\"日本\"}", "{\"b\":2}", "{\"c\":3}");
    }
  }

  @Test
  void oversizedLineIsSkippedAndCounted() {
    String body = "{\"a\":1}\n{\"x\":\"" + "y".repeat(3000) + "\"}\n{\"b\":2}\n";
    assertThat(read(body, 64, 1000)).containsExactly("{\"a\":1}", "<skipped>", "{\"b\":2}");
  }
}
