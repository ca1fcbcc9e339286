package dev.tokentap.bench;

import java.nio.file.Path;

/**
 * Section 4, recorder rows/s: 100,000 synthetic exchanges offered to TokenTap's recorder ({@code
 * dev.tokentap.store}), timed until all are committed.
 *
 * <p>HOOK (lead): the store is written on branch {@code store}. Until it reaches this branch, the
 * section reports itself as skipped. To wire it: open the store in {@code dir}, start the recorder,
 * take the time, offer {@code SyntheticExchanges.exchange(i, t0)} for i = 1..{@link #EXCHANGES}
 * (count what the bounded queue refuses: those are drops, report them), wait (bounded, e.g. 120 s)
 * until the recorder's committed count reaches the number accepted, take the time, close, and
 * return accepted / seconds.
 */
final class RecorderThroughput {
  private RecorderThroughput() {}

  static final int EXCHANGES = 100_000;

  /**
   * The outcome of the section.
   *
   * @param rowsPerSec committed rows per second, or NaN when not measured
   * @param note how it was measured, or why not
   */
  record Result(double rowsPerSec, String note) {}

  static Result measure(Path dir) {
    try {
      Class.forName(
          "dev.tokentap.store.Recorder", false, RecorderThroughput.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return new Result(
          Double.NaN,
          "SKIPPED: dev.tokentap.store.Recorder is not on this branch yet"
              + " (hook: RecorderThroughput.measure)");
    }
    return new Result(
        Double.NaN,
        "SKIPPED: dev.tokentap.store.Recorder exists but is not wired into the benchmark yet"
            + " (hook: RecorderThroughput.measure, data dir would be "
            + dir
            + ")");
  }
}
