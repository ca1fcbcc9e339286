package dev.tokentap.store;

import java.util.ArrayList;
import java.util.List;

/**
 * How a time range is read: whole days from the day rollups, whole hours at their edges from the
 * hour rollups, whole 10 minutes and then whole minutes at theirs from the 10-minute and minute
 * rollups, and the parts of a minute at the two ends from the rows themselves. A range of any
 * length is at most nine reads, each of at most 59 buckets per key.
 */
final class RollupSpans {

  /** The rollup levels, by bucket width in minutes; each divides the next. */
  static final List<Integer> LEVELS = List.of(1, 10, 60, 1440);

  /** Far enough out for any recorded time, and a whole number of days. */
  static final long FAR_PAST = -(1L << 50) / 86_400_000L * 86_400_000L;

  static final long FAR_FUTURE = (1L << 50) / 86_400_000L * 86_400_000L;

  /**
   * One read: rows started in {@code [from, until)}, from the rollups of {@code level} minutes, or
   * from the exchanges themselves when {@code level} is 0.
   */
  record Span(int level, long from, long until) {
    boolean rows() {
      return level == 0;
    }
  }

  private RollupSpans() {}

  /**
   * The reads that cover {@code [from, until)} (null ends are open), using levels up to {@code
   * maxLevel} minutes (0: rows only).
   */
  static List<Span> of(Long from, Long until, int maxLevel) {
    long a = from == null ? FAR_PAST : from;
    long b = until == null ? FAR_FUTURE : until;
    List<Integer> levels = LEVELS.stream().filter(l -> l <= maxLevel).toList();
    List<Span> spans = new ArrayList<>();
    split(a, b, 0, levels, spans);
    return spans;
  }

  /** Covers {@code [a, b)} with level {@code below} (0: rows) and {@code levels} above it. */
  private static void split(long a, long b, int below, List<Integer> levels, List<Span> out) {
    if (a >= b) {
      return;
    }
    if (levels.isEmpty()) {
      out.add(new Span(below, a, b));
      return;
    }
    long width = levels.getFirst() * 60_000L;
    long innerFrom = Math.ceilDiv(a, width) * width;
    long innerUntil = Math.floorDiv(b, width) * width;
    if (innerFrom >= innerUntil) {
      out.add(new Span(below, a, b));
      return;
    }
    if (a < innerFrom) {
      out.add(new Span(below, a, innerFrom));
    }
    split(innerFrom, innerUntil, levels.getFirst(), levels.subList(1, levels.size()), out);
    if (innerUntil < b) {
      out.add(new Span(below, innerUntil, b));
    }
  }

  /** The start of the level's bucket holding {@code t}. */
  static long bucketStart(long t, int level) {
    long width = level * 60_000L;
    return Math.floorDiv(t, width) * width;
  }

  /**
   * The coarsest level whose buckets each fall in one chart bucket of {@code widthMs} aligned at
   * {@code offsetMs} (a time zone's offset): 0 when not even minutes do.
   */
  static int levelFor(long widthMs, long offsetMs) {
    int best = 0;
    for (int level : LEVELS) {
      long w = level * 60_000L;
      if (widthMs % w == 0 && Math.floorMod(offsetMs, w) == 0) {
        best = level;
      }
    }
    return best;
  }
}
