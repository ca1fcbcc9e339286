package dev.tokentap.ui.replay;

import dev.tokentap.replay.ReplayResult;
import dev.tokentap.replay.ReplaySide;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.fx.Formats;
import java.util.List;
import java.util.function.Function;

/**
 * The side-by-side table of a replay: one line per figure, the original's value and the replay's,
 * both read from the stored rows (so they mean the same); "—" where a server reported nothing.
 *
 * @param label what the line shows
 */
public record ReplayFigures(String label, String original, String replay) {

  /** The lines for {@code r}; the replay's column says why it is empty when it was not stored. */
  static List<ReplayFigures> of(ReplayResult r) {
    ReplaySide o = r.original();
    ReplaySide n = r.replay();
    return List.of(
        line("Exchange", o, n, x -> "#" + x.id()),
        line("Model", o, n, x -> x.model() == null ? Formats.NOT_REPORTED : x.model()),
        line("Status", o, n, ReplayFigures::status),
        line("Prompt tokens", o, n, x -> Formats.count(x.promptTokens())),
        line("Cached tokens", o, n, x -> Formats.count(x.cachedTokens())),
        line("Generated tokens", o, n, x -> Formats.count(x.completionTokens())),
        line("Time to first token", o, n, x -> Formats.millis(x.ttftMs())),
        line("Prompt tok/s", o, n, x -> Formats.rate(x.promptTps())),
        line("Generation tok/s", o, n, x -> Formats.rate(x.genTps())),
        line("Duration", o, n, x -> Formats.millis(x.durationMs())));
  }

  private static ReplayFigures line(
      String label, ReplaySide o, ReplaySide n, Function<StoredExchange, String> value) {
    return new ReplayFigures(
        label, value.apply(o.row()), n == null ? Formats.NOT_REPORTED : value.apply(n.row()));
  }

  /** {@code 200}, or the outcome and the error in words when it failed. */
  static String status(StoredExchange x) {
    String code = x.status() == null ? "no answer" : x.status().toString();
    if (x.error() == null) {
      return code;
    }
    return code + " (" + x.outcome().code() + ": " + x.error() + ")";
  }
}
