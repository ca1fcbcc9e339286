package dev.tokentap.ui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.ui.inspector.JsonHighlighter.Span;
import dev.tokentap.ui.inspector.JsonHighlighter.Style;
import dev.tokentap.ui.inspector.JsonHighlighter.Styled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cheap pretty-printer: exact tokens, indentation, spans, redacted marks, non-JSON refused. */
class JsonHighlighterTest {

  @Test
  void indentsAndKeepsEveryTokenAsWritten() {
    Styled s =
        JsonHighlighter.pretty(
            "{\"a\":1.50e3,\"b\":[true,null,\"x\\\"y\"],\"c\":{},\"d\":[]}", true);
    assertThat(s.text())
        .isEqualTo(
            """
            {
              "a": 1.50e3,
              "b": [
                true,
                null,
                "x\\"y"
              ],
              "c": {},
              "d": []
            }""");
    assertThat(styles(s, Style.KEY)).containsExactly("\"a\"", "\"b\"", "\"c\"", "\"d\"");
    assertThat(styles(s, Style.NUMBER)).containsExactly("1.50e3");
    assertThat(styles(s, Style.LITERAL)).containsExactly("true", "null");
    assertThat(styles(s, Style.STRING)).containsExactly("\"x\\\"y\"");
  }

  @Test
  void marksRedactedValues() {
    Styled s = JsonHighlighter.pretty("{\"k\":\"Bearer [REDACTED]\",\"n\":\"[REDACTED]\"}", true);
    assertThat(styles(s, Style.REDACTED)).containsExactly("[REDACTED]", "[REDACTED]");
    assertThat(styles(s, Style.STRING)).containsExactly("\"Bearer ", "\"", "\"", "\"");
    Styled raw = JsonHighlighter.marked("a [REDACTED] b [REDACTED]");
    assertThat(styles(raw, Style.REDACTED)).hasSize(2);
    assertThat(styles(raw, Style.PLAIN)).containsExactly("a ", " b ");
  }

  @Test
  void refusesWhatIsNotOneJsonValue() {
    assertThat(JsonHighlighter.pretty("data: {\"a\":1}\n\n", true)).isNull();
    assertThat(JsonHighlighter.pretty("{\"a\":1}\n{\"a\":2}\n", true)).isNull();
    assertThat(JsonHighlighter.pretty("{\"a\":1", true)).isNull();
    assertThat(JsonHighlighter.pretty("{\"a\":1]", true)).isNull();
    assertThat(JsonHighlighter.pretty("{\"a\":nope}", true)).isNull();
    assertThat(JsonHighlighter.pretty("42", true)).isNull();
    assertThat(JsonHighlighter.pretty(" [1] \n", false).spans()).isNull();
  }

  @Test
  void cutsLongLinesForTheListKeepingMarksWhole() {
    String line = "x".repeat(BodyText.LINE_PIECE - 4) + "[REDACTED]" + "y".repeat(1500);
    List<String> lines = BodyText.lines("first\r\n" + line + "\nlast");
    assertThat(lines.getFirst()).isEqualTo("first");
    assertThat(lines.get(1)).endsWith("[REDACTED]");
    assertThat(String.join("", lines.subList(1, lines.size() - 1))).isEqualTo(line);
    assertThat(lines.getLast()).isEqualTo("last");
  }

  private static List<String> styles(Styled s, Style style) {
    return s.spans().stream()
        .filter(x -> x.style() == style)
        .map((Span x) -> s.text().substring(x.start(), x.end()))
        .toList();
  }
}
