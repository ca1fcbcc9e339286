package dev.tokentap.ui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.ui.inspector.JsonHighlighter.Style;
import dev.tokentap.ui.inspector.SearchMatches.Piece;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchMatchesTest {

  private static List<String> marked(JsonHighlighter.Styled styled, String match) {
    return SearchMatches.pieces(styled, match).stream()
        .filter(Piece::match)
        .map(p -> styled.text().substring(p.start(), p.end()))
        .toList();
  }

  @Test
  void marksEveryOccurrenceIgnoringCaseAcrossSpans() {
    JsonHighlighter.Styled pretty =
        JsonHighlighter.pretty("{\"zebra\":\"A Zebra, a zebra\"}", true);
    // the key too: it is text on screen, marked like any other
    assertThat(marked(pretty, "zebra")).containsExactly("zebra", "Zebra", "zebra");
    // a match over a span boundary comes in pieces that keep each span's style
    List<Piece> pieces = SearchMatches.pieces(pretty, "\": \"a z");
    assertThat(pieces.stream().filter(Piece::match).map(Piece::style).distinct())
        .contains(Style.KEY, Style.STRING);
    // every character is in exactly one piece, in order
    int at = 0;
    for (Piece p : SearchMatches.pieces(pretty, "zebra")) {
      assertThat(p.start()).isEqualTo(at);
      at = p.end();
    }
    assertThat(at).isEqualTo(pretty.text().length());
  }

  @Test
  void nothingIsMarkedForNoTextOrNoOccurrence() {
    JsonHighlighter.Styled raw = JsonHighlighter.marked("plain [REDACTED] text");
    assertThat(marked(raw, null)).isEmpty();
    assertThat(marked(raw, "  ")).isEmpty();
    assertThat(marked(raw, "zebra")).isEmpty();
    assertThat(marked(raw, "TEXT")).containsExactly("text");
    assertThat(SearchMatches.find("aaaa", "aa")).hasSize(2); // occurrences do not overlap
  }
}
