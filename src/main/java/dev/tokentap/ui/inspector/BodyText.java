package dev.tokentap.ui.inspector;

import dev.tokentap.capture.CaptureBody;
import dev.tokentap.ui.inspector.JsonHighlighter.Styled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One captured body prepared for the screen on the worker: its text raw and pretty (when it is
 * JSON). Up to {@link #HIGHLIGHT_LIMIT} bytes the text comes with styled spans (drawn as a flow of
 * coloured runs); beyond it as lines for a virtualized list, long lines cut, so a body of any size
 * opens without laying out megabytes of text on the FX thread.
 *
 * @param bytes the stored (decoded, redacted) bytes, as saved to a file
 * @param raw the bytes as text (UTF-8; a body that is not text says so instead)
 * @param pretty indented JSON, or null when the body is not JSON
 * @param rawStyled raw with spans; null above the limit
 * @param prettyStyled pretty with spans; null above the limit or when not JSON
 * @param rawLines raw as display lines; null up to the limit
 * @param prettyLines pretty as display lines; null up to the limit or when not JSON
 * @param note what to know about it (size, cut by the capture cap, encoding), one line
 */
record BodyText(
    byte[] bytes,
    String raw,
    String pretty,
    Styled rawStyled,
    Styled prettyStyled,
    List<String> rawLines,
    List<String> prettyLines,
    String note) {

  /** Bodies up to this size are highlighted; larger ones are shown as plain lines. */
  static final int HIGHLIGHT_LIMIT = 256 * 1024;

  /** Display lines longer than this are cut into pieces (a minified body is one long line). */
  static final int LINE_PIECE = 1_000;

  static BodyText of(CaptureBody body) {
    byte[] bytes = body.bytes();
    String raw = text(body);
    boolean small = bytes.length <= HIGHLIGHT_LIMIT;
    Styled pretty = body.decoded() ? JsonHighlighter.pretty(raw, small) : null;
    String prettyText = pretty == null ? null : pretty.text();
    return new BodyText(
        bytes,
        raw,
        prettyText,
        small ? JsonHighlighter.marked(raw) : null,
        small ? pretty : null,
        small ? null : lines(raw),
        small || prettyText == null ? null : lines(prettyText),
        note(body));
  }

  boolean isJson() {
    return pretty != null;
  }

  boolean isLarge() {
    return rawLines != null;
  }

  private static String text(CaptureBody body) {
    if (!body.decoded()) {
      return "(" + body.bytes().length + " bytes still " + body.wireEncoding() + "-encoded)";
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.bytes()))
          .toString();
    } catch (CharacterCodingException e) {
      // binary, or cut by the cap in the middle of a character: show what decodes
      return new String(body.bytes(), StandardCharsets.UTF_8);
    }
  }

  private static String note(CaptureBody body) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%,d bytes", body.bytes().length));
    if (body.truncated()) {
      b.append(
          String.format(Locale.ROOT, " kept of %,d (cut by the capture cap)", body.originalSize()));
    }
    if (body.wireEncoding() != null) {
      b.append(body.decoded() ? ", decoded from " : ", still ").append(body.wireEncoding());
    }
    return b.toString();
  }

  /** {@code end}, or later so that a {@code [REDACTED]} across it stays in one piece. */
  private static int keepMarkWhole(String text, int start, int end) {
    int len = JsonHighlighter.REDACTED.length();
    for (int i = Math.max(start, end - len + 1); i < end; i++) {
      if (text.startsWith(JsonHighlighter.REDACTED, i)) {
        return i + len;
      }
    }
    return end;
  }

  /** {@code text}'s lines, those longer than {@link #LINE_PIECE} cut into pieces. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>(Math.max(16, text.length() / 60));
    int start = 0;
    int n = text.length();
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (lineEnd - start <= LINE_PIECE) {
        out.add(text.substring(start, lineEnd));
      } else {
        int p = start;
        while (p < lineEnd) {
          int e = keepMarkWhole(text, p, Math.min(lineEnd, p + LINE_PIECE));
          out.add(text.substring(p, e));
          p = e;
        }
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return out;
  }
}
