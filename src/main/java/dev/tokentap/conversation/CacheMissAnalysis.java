package dev.tokentap.conversation;

import dev.tokentap.endpoint.PromptPart;
import dev.tokentap.model.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares what the server reused of a turn's prompt ({@code cached_tokens}) with what it could
 * have reused: the prompt's longest common prefix with the previous turn's prompt plus its answer,
 * counted in characters of the parts' canonical text and turned into tokens in proportion to this
 * turn's {@code prompt_tokens}. Pure; the one place the rule is written.
 *
 * <p>The rule: the server re-processed {@code prompt_tokens - cached_tokens}; the new part of the
 * prompt is what follows the previous turn's prompt and answer. A turn is flagged when it
 * re-processed more than the new part plus {@link #slack} (64 tokens or 20 % of the prompt,
 * whichever is more: templates, a re-processed last token and the estimate's error stay under it).
 * It is {@code prompt_changed} when the common prefix ends before the end of the previous turn's
 * prompt and answer (the client changed something), else {@code not_reused} (the server could have
 * reused the whole previous turn and did not). Without a cached count there is no verdict.
 */
public final class CacheMissAnalysis {

  /** Characters shown around a change, before and after. */
  public static final int EXCERPT = 40;

  /** Tokens a turn may re-process beyond its new part before it is flagged: at least this many. */
  static final long MIN_SLACK = 64;

  /** ... or this share of the prompt, whichever is more. */
  static final double SLACK_SHARE = 0.20;

  /**
   * The comparison of one turn with its previous turn.
   *
   * @param verdict empty, {@link Turn#PROMPT_CHANGED} or {@link Turn#NOT_REUSED}
   * @param change where the prompt first differs from the previous prompt and answer; null when it
   *     extends them
   * @param couldReuse prompt tokens of the common prefix (estimated); null when unknown
   * @param newTokens prompt tokens after the previous turn's prompt and answer (estimated)
   * @param lostTokens tokens re-processed beyond the new part; null when unknown
   */
  public record Result(
      String verdict, PromptChange change, Long couldReuse, Long newTokens, Long lostTokens) {

    static final Result UNKNOWN = new Result("", null, null, null, null);

    public boolean flagged() {
      return !verdict.isEmpty();
    }
  }

  private CacheMissAnalysis() {}

  /** The re-processing allowed beyond the new part for a prompt of {@code promptTokens}. */
  public static long slack(long promptTokens) {
    return Math.max(MIN_SLACK, Math.round(promptTokens * SLACK_SHARE));
  }

  /**
   * Compares this turn's prompt {@code now} with the previous turn's prompt {@code before} and its
   * {@code answer} (null when unknown).
   */
  public static Result analyse(
      List<PromptPart> before,
      PromptPart answer,
      List<PromptPart> now,
      Long promptTokens,
      Long cachedTokens) {
    List<PromptPart> prev = new ArrayList<>(before);
    if (answer != null) {
      prev.add(answer);
    }
    PromptChange change = firstChange(prev, now);
    long total = chars(now, now.size());
    if (promptTokens == null || promptTokens <= 0 || total == 0) {
      return new Result("", change, null, null, null);
    }
    long common = commonChars(prev, now, change);
    long carried = chars(now, Math.min(prev.size(), now.size()));
    long couldReuse = tokens(promptTokens, common, total);
    long newTokens = promptTokens - tokens(promptTokens, carried, total);
    if (cachedTokens == null) {
      return new Result("", change, couldReuse, newTokens, null);
    }
    long reprocessed = promptTokens - Math.min(cachedTokens, promptTokens);
    long lost = Math.max(0, reprocessed - newTokens);
    String verdict = "";
    if (reprocessed > newTokens + slack(promptTokens)) {
      verdict = change != null ? Turn.PROMPT_CHANGED : Turn.NOT_REUSED;
    }
    return new Result(verdict, change, couldReuse, newTokens, lost);
  }

  /** Where {@code now} first differs from {@code prev}; null when it extends it (or equals it). */
  public static PromptChange firstChange(List<PromptPart> prev, List<PromptPart> now) {
    int n = Math.min(prev.size(), now.size());
    int toolsShift = !now.isEmpty() && PromptPart.TOOLS.equals(now.getFirst().role()) ? 1 : 0;
    for (int i = 0; i < n; i++) {
      PromptPart a = prev.get(i);
      PromptPart b = now.get(i);
      if (!a.equals(b)) {
        int at = a.role().equals(b.role()) ? commonPrefix(a.text(), b.text()) : 0;
        return new PromptChange(
            i,
            PromptPart.TOOLS.equals(b.role()) ? -1 : i - toolsShift,
            b.role(),
            at,
            excerpt(a.text(), at),
            excerpt(b.text(), at));
      }
    }
    if (now.size() < prev.size()) {
      PromptPart gone = prev.get(n);
      return new PromptChange(n, n - toolsShift, gone.role(), 0, excerpt(gone.text(), 0), "");
    }
    return null;
  }

  /** The sentence for a flagged turn's note (without the reason of a {@code not_reused}). */
  public static String note(Result r, Double promptTps) {
    if (!r.flagged()) {
      return "";
    }
    String cost = String.format(Locale.ROOT, "%,d prompt tokens processed again", r.lostTokens());
    if (promptTps != null && promptTps > 0) {
      cost += " (" + duration(r.lostTokens() / promptTps) + ")";
    }
    if (r.change() == null) {
      return "The prompt extended the previous turn, but the server did not reuse it; " + cost;
    }
    PromptChange c = r.change();
    return c.where()
        + " changed at character "
        + String.format(Locale.ROOT, "%,d", c.offset())
        + ": \""
        + oneLine(c.before())
        + "\" → \""
        + oneLine(c.after())
        + "\"; "
        + cost;
  }

  /** Seconds as a person reads them: "40 ms", "3.2 s". */
  public static String duration(double seconds) {
    return seconds < 1
        ? String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000))
        : String.format(Locale.ROOT, "%.1f s", seconds);
  }

  private static long commonChars(List<PromptPart> prev, List<PromptPart> now, PromptChange c) {
    int whole = c == null ? Math.min(prev.size(), now.size()) : c.part();
    long common = chars(now, whole);
    if (c != null && c.part() < now.size()) {
      common += c.offset();
    }
    return common;
  }

  private static long chars(List<PromptPart> parts, int count) {
    long n = 0;
    for (int i = 0; i < count; i++) {
      n += parts.get(i).text().length() + 1; // + 1: a part of no text is still a message
    }
    return n;
  }

  private static long tokens(long promptTokens, long chars, long total) {
    return Math.round((double) promptTokens * chars / total);
  }

  static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i > 0 && i < n && Character.isHighSurrogate(a.charAt(i - 1))) {
      i--; // never split a pair
    }
    return i;
  }

  /** Up to {@link #EXCERPT} characters around {@code at}, with "…" where cut. */
  static String excerpt(String text, int at) {
    int from = Math.max(0, at - EXCERPT / 2);
    int to = Math.min(text.length(), from + EXCERPT);
    from = Math.max(0, Math.min(from, to - EXCERPT));
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from++;
    }
    if (to < text.length() && to > from && Character.isHighSurrogate(text.charAt(to - 1))) {
      to--;
    }
    return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]", " ");
  }
}
