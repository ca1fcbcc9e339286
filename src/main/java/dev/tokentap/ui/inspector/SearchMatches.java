package dev.tokentap.ui.inspector;

import dev.tokentap.ui.inspector.JsonHighlighter.Span;
import dev.tokentap.ui.inspector.JsonHighlighter.Styled;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the activity table's filter text occurs in a body shown by the inspector (decision record
 * 0026), ignoring case as the filter does: the styled spans cut at each occurrence's ends, the
 * pieces inside one marked. A match the row was found by can still show no mark: one that spans
 * stream events (the answer is searched reassembled), or text the pretty view escapes ({@code \"}).
 */
final class SearchMatches {

  /** A run of one style; {@code match} when it lies inside an occurrence of the filter text. */
  record Piece(JsonHighlighter.Style style, int start, int end, boolean match) {}

  /** At most this many occurrences are marked in one body (the rest are left plain). */
  static final int MAX_MARKS = 1_000;

  private SearchMatches() {}

  /** The occurrences of {@code match} in {@code text}, as [start, end) pairs; none for blank. */
  static List<int[]> find(String text, String match) {
    List<int[]> found = new ArrayList<>();
    String m = match == null ? "" : match.strip();
    if (m.isEmpty()) {
      return found;
    }
    int n = m.length();
    for (int i = 0; i + n <= text.length() && found.size() < MAX_MARKS; i++) {
      if (text.regionMatches(true, i, m, 0, n)) {
        found.add(new int[] {i, i + n});
        i += n - 1;
      }
    }
    return found;
  }

  /** {@code styled}'s spans, cut where {@code match} starts and ends, the inside marked. */
  static List<Piece> pieces(Styled styled, String match) {
    List<int[]> found = find(styled.text(), match);
    List<Piece> out = new ArrayList<>(styled.spans().size() + 2 * found.size());
    int k = 0; // the first occurrence that may still overlap the current span
    for (Span s : styled.spans()) {
      int pos = s.start();
      while (k < found.size() && found.get(k)[1] <= pos) {
        k++;
      }
      int j = k;
      while (pos < s.end()) {
        if (j >= found.size() || found.get(j)[0] >= s.end()) {
          out.add(new Piece(s.style(), pos, s.end(), false));
          break;
        }
        int[] f = found.get(j);
        if (f[0] > pos) {
          out.add(new Piece(s.style(), pos, f[0], false));
          pos = f[0];
        }
        int end = Math.min(f[1], s.end());
        out.add(new Piece(s.style(), pos, end, true));
        pos = end;
        if (end == f[1]) {
          j++;
        }
      }
    }
    return out;
  }

  /** {@code text} as one plain span, for a line of a large body. */
  static List<Piece> pieces(String text, String match) {
    return pieces(
        new Styled(text, List.of(new Span(JsonHighlighter.Style.PLAIN, 0, text.length()))), match);
  }

  /** Whether any piece is marked. */
  static boolean anyMatch(List<Piece> pieces) {
    return pieces.stream().anyMatch(Piece::match);
  }
}
