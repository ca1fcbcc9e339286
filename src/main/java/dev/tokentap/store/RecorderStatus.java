package dev.tokentap.store;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * Whether the recorder is storing what it is given, and if not, why and how much waits. Exchanges
 * keep reaching their clients either way; only their history waits.
 *
 * @param problem what keeps the store from taking writes, in a few words ("disk full"); null while
 *     recording
 * @param hint what happens next, or what the user can do ("freed space is picked up by itself")
 * @param waiting exchanges held in memory until the store takes writes again
 * @param droppedCaptures held exchanges whose capture was dropped to stay within the bound (their
 *     rows are kept), this run
 * @param droppedRows held exchanges dropped whole to stay within the bound, this run
 */
public record RecorderStatus(
    String problem, String hint, int waiting, long droppedCaptures, long droppedRows) {

  /** Writing as it should. */
  public static final RecorderStatus RECORDING = new RecorderStatus(null, null, 0, 0, 0);

  public boolean recording() {
    return problem == null;
  }

  /**
   * One line for a banner or a log: "Not recording: disk full — 1,234 exchanges waiting; freed
   * space is picked up by itself".
   */
  public String text() {
    if (recording()) {
      return "Recording";
    }
    NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
    n.setGroupingUsed(true);
    StringBuilder s =
        new StringBuilder("Not recording: ")
            .append(problem)
            .append(" — ")
            .append(n.format(waiting))
            .append(waiting == 1 ? " exchange" : " exchanges")
            .append(" waiting");
    if (droppedCaptures + droppedRows > 0) {
      s.append(" (");
      if (droppedRows > 0) {
        s.append(n.format(droppedRows)).append(" dropped");
      }
      if (droppedCaptures > 0) {
        s.append(droppedRows > 0 ? ", " : "")
            .append(n.format(droppedCaptures))
            .append(droppedCaptures == 1 ? " capture" : " captures")
            .append(" dropped");
      }
      s.append(", to stay within memory)");
    }
    return s.append("; ").append(hint).toString();
  }
}
