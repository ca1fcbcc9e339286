package dev.tokentap.ui.dashboard;

import dev.tokentap.store.RangeStats;
import dev.tokentap.ui.fx.Formats;
import java.util.List;

/**
 * One summary tile, as text: the figures of {@link RangeStats} written with {@link Formats} ("—"
 * for what no exchange reported).
 *
 * @param id a stable name ({@code requests}, {@code usage-missing}, ...), for styles and tests
 * @param caption what the figure is
 * @param value the figure
 * @param help a tooltip saying what it counts
 * @param flagged true when it needs attention (errors, or generations without usage)
 */
public record SummaryTile(String id, String caption, String value, String help, boolean flagged) {

  /** The tiles for {@code s}; null (nothing read yet) gives the same tiles with "—". */
  public static List<SummaryTile> of(RangeStats s) {
    boolean none = s == null;
    return List.of(
        new SummaryTile(
            "requests",
            "Requests",
            none ? Formats.NOT_REPORTED : Formats.count(s.requests()),
            "Exchanges in the range that the table's filter takes.",
            false),
        new SummaryTile(
            "errors",
            "Errors",
            none ? Formats.NOT_REPORTED : Formats.count(s.errors()),
            "Exchanges that did not end ok: upstream errors, unreachable upstream, aborted.",
            !none && s.errors() > 0),
        new SummaryTile(
            "prompt-tokens",
            "Prompt tokens",
            none ? Formats.NOT_REPORTED : Formats.count(s.promptTokens()),
            "Prompt tokens the model saw, cached ones included.",
            false),
        new SummaryTile(
            "cached-tokens",
            "Cached tokens",
            none ? Formats.NOT_REPORTED : Formats.count(s.cachedTokens()),
            "Prompt tokens served from the server's prompt cache.",
            false),
        new SummaryTile(
            "generated-tokens",
            "Generated tokens",
            none ? Formats.NOT_REPORTED : Formats.count(s.completionTokens()),
            "Tokens the model generated.",
            false),
        new SummaryTile(
            "cache-hit-rate",
            "Cache hit rate",
            none ? Formats.NOT_REPORTED : Formats.percent(s.cacheHitRate()),
            "Cached ÷ prompt tokens, over the exchanges that reported both.",
            false),
        new SummaryTile(
            "median-gen-tps",
            "Gen tok/s median",
            none ? Formats.NOT_REPORTED : Formats.rate(s.medianGenTps()),
            "Median generation speed, tokens per second.",
            false),
        new SummaryTile(
            "p90-gen-tps",
            "Gen tok/s p90",
            none ? Formats.NOT_REPORTED : Formats.rate(s.p90GenTps()),
            "90th percentile of the generation speed, tokens per second.",
            false),
        new SummaryTile(
            "median-ttft",
            "TTFT median",
            none ? Formats.NOT_REPORTED : Formats.millis(s.medianTtftMs()),
            "Median time from the request to the first generated token (streams).",
            false),
        new SummaryTile(
            "usage-missing",
            "Usage missing",
            none ? Formats.NOT_REPORTED : Formats.count(s.usageMissing()),
            "Successful generations for which the server reported no token usage: their tokens"
                + " are not in the sums above (a mark on their row in the table).",
            !none && s.usageMissing() > 0));
  }
}
