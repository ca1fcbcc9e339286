package dev.tokentap.ui.inspector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-indents JSON text and cuts it into styled spans in one pass, keeping every token exactly as
 * written (numbers, escapes): no parse tree, no reformatting of values. Also marks {@code
 * [REDACTED]} in any text. Pure and thread-safe; runs on the worker.
 */
final class JsonHighlighter {

  /** What TokenTap wrote in place of a secret before storing a capture. */
  static final String REDACTED = "[REDACTED]";

  /** How a span looks. */
  enum Style {
    PLAIN,
    KEY,
    STRING,
    NUMBER,
    LITERAL,
    REDACTED
  }

  /** {@code text.substring(start, end)} drawn in {@code style}. */
  record Span(Style style, int start, int end) {}

  /** Text with its spans (null when spans were not asked for). */
  record Styled(String text, List<Span> spans) {}

  private static final String INDENT = "  ";

  private JsonHighlighter() {}

  /**
   * {@code json} indented two spaces per level, with spans when {@code withSpans}; null when it is
   * not one JSON object or array.
   */
  static Styled pretty(String json, boolean withSpans) {
    Printer p = new Printer(json, withSpans);
    return p.run() ? new Styled(p.out.toString(), p.spans) : null;
  }

  /** {@code text} as is, with only its {@code [REDACTED]} marks as styled spans. */
  static Styled marked(String text) {
    List<Span> spans = new ArrayList<>();
    addMarked(spans, text, 0, text.length(), Style.PLAIN, 0);
    return new Styled(text, spans);
  }

  /**
   * Spans for {@code text[start, end)} in {@code style}, {@code [REDACTED]} marked inside; span
   * offsets are {@code shift} more than the offsets in {@code text}.
   */
  private static void addMarked(
      List<Span> spans, String text, int start, int end, Style style, int shift) {
    int from = start;
    while (from < end) {
      int r = text.indexOf(REDACTED, from);
      if (r < 0 || r + REDACTED.length() > end) {
        add(spans, style, from + shift, end + shift);
        return;
      }
      add(spans, style, from + shift, r + shift);
      add(spans, Style.REDACTED, r + shift, r + REDACTED.length() + shift);
      from = r + REDACTED.length();
    }
  }

  private static void add(List<Span> spans, Style style, int start, int end) {
    if (end <= start) {
      return;
    }
    if (!spans.isEmpty()) {
      Span last = spans.getLast();
      if (last.style() == style && last.end() == start && style != Style.REDACTED) {
        spans.set(spans.size() - 1, new Span(style, last.start(), end));
        return;
      }
    }
    spans.add(new Span(style, start, end));
  }

  /** One pass over the input, writing the indented copy. */
  private static final class Printer {
    private final String in;
    private final StringBuilder out;
    private final List<Span> spans;
    private int pos;
    private int depth;
    private int nextRedacted;

    Printer(String in, boolean withSpans) {
      this.in = in;
      this.nextRedacted = withSpans ? in.indexOf(REDACTED) : -1;
      this.out = new StringBuilder(in.length() + in.length() / 4);
      this.spans = withSpans ? new ArrayList<>() : null;
    }

    boolean run() {
      skipBlank();
      if (pos >= in.length() || (in.charAt(pos) != '{' && in.charAt(pos) != '[')) {
        return false;
      }
      int[] stack = new int[64];
      boolean expectValue = true;
      while (true) {
        skipBlank();
        if (pos >= in.length()) {
          return depth == 0 && !expectValue;
        }
        if (depth == 0 && !expectValue) {
          return false; // something after the top-level value
        }
        char c = in.charAt(pos);
        switch (c) {
          case '{', '[' -> {
            char close = c == '{' ? '}' : ']';
            pos++;
            skipBlank();
            if (pos < in.length() && in.charAt(pos) == close) {
              pos++;
              emit(Style.PLAIN, c == '{' ? "{}" : "[]");
              expectValue = false;
            } else {
              if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth * 2);
              }
              stack[depth++] = close;
              emit(Style.PLAIN, String.valueOf(c));
              newline();
              expectValue = true;
            }
          }
          case '}', ']' -> {
            if (depth == 0 || stack[depth - 1] != c) {
              return false;
            }
            depth--;
            pos++;
            newline();
            emit(Style.PLAIN, String.valueOf(c));
            expectValue = false;
          }
          case ',' -> {
            if (depth == 0) {
              return false;
            }
            pos++;
            emit(Style.PLAIN, ",");
            newline();
            expectValue = true;
          }
          case ':' -> {
            pos++;
            emit(Style.PLAIN, ": ");
            expectValue = true;
          }
          case '"' -> {
            int end = stringEnd(pos);
            if (end < 0) {
              return false;
            }
            int after = end;
            while (after < in.length() && isBlank(in.charAt(after))) {
              after++;
            }
            boolean key = after < in.length() && in.charAt(after) == ':';
            int start = out.length();
            out.append(in, pos, end);
            if (spans != null) {
              string(pos, end, key ? Style.KEY : Style.STRING, start - pos);
            }
            pos = end;
            expectValue = false;
          }
          default -> {
            int end = pos;
            while (end < in.length() && isScalar(in.charAt(end))) {
              end++;
            }
            if (end == pos) {
              return false;
            }
            String word = in.substring(pos, end);
            Style s =
                switch (word) {
                  case "true", "false", "null" -> Style.LITERAL;
                  default -> {
                    char f = word.charAt(0);
                    yield f == '-' || (f >= '0' && f <= '9') ? Style.NUMBER : null;
                  }
                };
            if (s == null) {
              return false;
            }
            emit(s, word);
            pos = end;
            expectValue = false;
          }
        }
      }
    }

    /** Spans of the string {@code in[from, end)}, its {@code [REDACTED]} marks apart. */
    private void string(int from, int end, Style style, int shift) {
      while (true) {
        if (nextRedacted >= 0 && nextRedacted < from) {
          nextRedacted = in.indexOf(REDACTED, from); // searches on from the last one: linear
        }
        if (nextRedacted < 0 || nextRedacted + REDACTED.length() > end) {
          add(spans, style, from + shift, end + shift);
          return;
        }
        add(spans, style, from + shift, nextRedacted + shift);
        from = nextRedacted + REDACTED.length();
        add(spans, Style.REDACTED, nextRedacted + shift, from + shift);
      }
    }

    /** The index just after the string starting at {@code start}, or -1 when it never ends. */
    private int stringEnd(int start) {
      for (int i = start + 1; i < in.length(); i++) {
        char c = in.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i + 1;
        } else if (c == '\n') {
          return -1;
        }
      }
      return -1;
    }

    private void emit(Style style, String s) {
      int start = out.length();
      out.append(s);
      if (spans != null) {
        add(spans, style, start, out.length());
      }
    }

    private void newline() {
      int start = out.length();
      out.append('\n');
      for (int i = 0; i < depth; i++) {
        out.append(INDENT);
      }
      if (spans != null) {
        add(spans, Style.PLAIN, start, out.length());
      }
    }

    private void skipBlank() {
      while (pos < in.length() && isBlank(in.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isScalar(char c) {
      return (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || c == '-'
          || c == '+'
          || c == '.';
    }
  }
}
