package dev.tokentap.ui.activity;

import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Exchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The activity table's live lines: exchanges still running (with their handle, to tick and cancel
 * them) and ended ones waiting to be stored; the filter decides which of them the table shows. FX
 * thread only.
 */
final class LiveLines {

  /** How long an ended exchange waits to be stored before its live line is dropped. */
  static final long UNSTORED_GRACE_MS = 10_000;

  private final ActivityRows rows;
  private final Predicate<ActivityRow> shown;
  private final Map<Long, Live> live = new LinkedHashMap<>(); // by id, oldest first

  /** One live line: running (with its handle) or ended and waiting to be stored. */
  private static final class Live {
    final ActivityItem item;
    InFlightExchange running; // null once ended
    long endedAt;

    Live(ActivityItem item, InFlightExchange running) {
      this.item = item;
      this.running = running;
    }
  }

  /**
   * @param rows where the shown lines go, on top
   * @param shown the filter, on what a live line knows so far
   */
  LiveLines(ActivityRows rows, Predicate<ActivityRow> shown) {
    this.rows = rows;
    this.shown = shown;
  }

  void started(InFlightExchange x, long now) {
    Live l = new Live(new ActivityItem(ActivityRow.of(x, now)), x);
    live.put(x.id(), l);
    if (shown.test(l.item.row())) {
      rows.addLive(l.item);
    }
  }

  void finished(Exchange e, long now) {
    Live l = live.get(e.id());
    if (l != null) {
      l.running = null;
      l.endedAt = now;
      l.item.setRow(ActivityRow.of(e));
      showOrHide(l);
    }
  }

  /** Exchange {@code id} was stored: its live line goes (the stored one takes its place). */
  void stored(long id) {
    Live l = live.remove(id);
    if (l != null) {
      rows.removeLive(l.item);
    }
  }

  /**
   * Running lines show their time, phase and tokens so far at {@code now}, with the slot {@code
   * server} matches them with.
   */
  void tick(long now, ServerSlots server) {
    Map<Live, ActivityRow> fresh = new LinkedHashMap<>();
    for (Live l : live.values()) {
      if (l.running != null) {
        fresh.put(l, ActivityRow.of(l.running, now));
      }
    }
    server.match(fresh);
    fresh.forEach((l, r) -> l.item.setRow(r));
  }

  /**
   * Drops the lines of exchanges that ended more than {@link #UNSTORED_GRACE_MS} ago and were not
   * stored (the recorder dropped them, or recording is off); false when there were none.
   */
  boolean dropUnstored(long now) {
    List<Live> expired = new ArrayList<>();
    for (Live l : live.values()) {
      if (l.running == null && now - l.endedAt > UNSTORED_GRACE_MS) {
        expired.add(l);
      }
    }
    for (Live l : expired) {
      live.remove(l.item.row().id());
      rows.removeLive(l.item);
    }
    return !expired.isEmpty();
  }

  /** Cancels exchange {@code id} if it is running: the upstream request is aborted. */
  boolean cancel(long id) {
    Live l = live.get(id);
    if (l == null || l.running == null) {
      return false;
    }
    l.running.cancel();
    return true;
  }

  boolean isRunning(long id) {
    Live l = live.get(id);
    return l != null && l.running != null;
  }

  long runningCount() {
    return live.values().stream().filter(l -> l.running != null).count();
  }

  /** Shows again the lines the filter takes (after it changed), newest first. */
  void refilter() {
    List<ActivityItem> matching = new ArrayList<>();
    for (Live l : live.values()) {
      if (shown.test(l.item.row())) {
        matching.addFirst(l.item);
      }
    }
    rows.setLive(matching);
  }

  /** A line's figures changed: the filter may take it now, or not any more. */
  private void showOrHide(Live l) {
    boolean isShown = rows.isLive(l.item);
    boolean match = shown.test(l.item.row());
    if (isShown && !match) {
      rows.removeLive(l.item);
    } else if (!isShown && match) {
      List<ActivityItem> all = new ArrayList<>();
      for (Live x : live.values()) {
        if (x == l || rows.isLive(x.item)) {
          all.addFirst(x.item);
        }
      }
      rows.setLive(all);
    }
  }
}
