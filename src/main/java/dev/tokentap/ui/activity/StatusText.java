package dev.tokentap.ui.activity;

import dev.tokentap.model.PromptProgress;
import dev.tokentap.server.SlotState;
import dev.tokentap.ui.fx.Formats;

/** The activity table's Status text (no toolkit needed). */
final class StatusText {

  private StatusText() {}

  /**
   * A line's status: "200 ok", "error", or for a running one its phase ("200 generating 12 tok").
   */
  static String of(ActivityRow r) {
    if (r.inFlight()) {
      String code = r.status() == null ? "" : r.status() + " ";
      return switch (r.phase()) {
        case WAITING -> code + "waiting…";
        case PROMPT -> code + promptText(r);
        case GENERATING ->
            code
                + "generating"
                + (r.completionTokens() == null
                    ? "…"
                    : " " + Formats.count(r.completionTokens()) + " tok");
      };
    }
    if (r.outcome() == null) {
      return "";
    }
    String code = r.status() == null ? "" : r.status() + " ";
    return switch (r.outcome()) {
      case OK -> code + "ok";
      case UPSTREAM_ERROR -> code + "error";
      case UPSTREAM_UNAVAILABLE -> "unavailable";
      case CLIENT_ABORTED -> code + "aborted";
      case UPSTREAM_ABORTED -> code + "cut off";
      case REJECTED -> code + "rejected";
    };
  }

  /**
   * "prompt…", or with the progress the stream told ({@code prompt_progress}), else the matched
   * slot's: "prompt 1,600/3,000 (53%)".
   */
  static String promptText(ActivityRow r) {
    PromptProgress own = r.progress();
    if (own != null && own.total() > 0) {
      return progress(own.processed(), own.total(), own.percent());
    }
    SlotState slot = r.slot();
    if (slot == null || slot.phase() != SlotState.Phase.PROMPT || slot.promptTotal() <= 0) {
      return "prompt…";
    }
    return progress(slot.promptDone(), slot.promptTotal(), slot.promptPercent());
  }

  private static String progress(long done, long total, double percent) {
    return "prompt "
        + Formats.count(done)
        + "/"
        + Formats.count(total)
        + " ("
        + (long) Math.floor(percent)
        + "%)";
  }
}
