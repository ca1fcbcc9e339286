package dev.tokentap.ui.activity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ObservableListBase;

/**
 * The activity table's lines: the live ones (running, or ended and not stored yet) on top, then the
 * stored history, of which only a window of recently shown lines is held in memory. A stored line
 * that is not held is handed out as a stand-in at once and read a page at a time through the {@link
 * PageLoader}; when the page arrives the stand-in's row is set in place. FX thread only.
 *
 * <p>The stored part reflects the store as of one recorder batch, {@link #seq()}. Every read says
 * which batch its snapshot holds: a page read from an older or newer state than the one shown is
 * read again (a newer one once its batch has been announced), so a row is never shown twice or out
 * of place while the recorder writes.
 */
final class ActivityRows extends ObservableListBase<ActivityItem> {

  /** Stored lines read per query. */
  static final int PAGE = 100;

  /** Stored lines held at most; the least recently shown go first. */
  static final int MAX_HELD = 3_000;

  /** Reads stored lines; answers with {@link #pageLoaded} on the FX thread. */
  interface PageLoader {
    void load(PageRequest request);
  }

  /** A read of {@code limit} stored lines from {@code offset}. */
  record PageRequest(long generation, long offset, int limit) {}

  private final PageLoader loader;
  private final List<ActivityItem> live = new ArrayList<>();
  // by place counted from the bottom (the last stored line is 0): new lines on top, the usual
  // case, move none of them (re-keying 3,000 held lines per batch was most of the window's garbage)
  private Map<Long, ActivityItem> held = heldMap();
  private final List<PageRequest> pending = new ArrayList<>();
  private boolean waitingForBatch; // a read saw rows not announced yet: read again once they are
  private long storedCount;
  private long generation;
  private long seq; // the recorder batch the stored part reflects
  private boolean stale; // a batch could not be placed: a reset is on its way

  ActivityRows(PageLoader loader) {
    this.loader = loader;
  }

  private static Map<Long, ActivityItem> heldMap() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, ActivityItem> eldest) {
        return size() > MAX_HELD;
      }
    };
  }

  @Override
  public int size() {
    return live.size() + (int) Math.min(storedCount, Integer.MAX_VALUE - live.size());
  }

  @Override
  public ActivityItem get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    if (index < live.size()) {
      return live.get(index);
    }
    long offset = index - live.size();
    ActivityItem item = held.get(keyOf(offset));
    if (item == null) {
      item = new ActivityItem(ActivityRow.loading());
      held.put(keyOf(offset), item);
    }
    if (item.row().isLoading()) {
      requestPageOf(offset);
    }
    return item;
  }

  /** Starts a batch: the changes until {@link #endBatch} reach listeners as one. */
  void beginBatch() {
    beginChange();
  }

  void endBatch() {
    endChange();
  }

  long storedCount() {
    return storedCount;
  }

  /** The recorder batch the stored part reflects. */
  long seq() {
    return seq;
  }

  boolean isStale() {
    return stale;
  }

  private void requestPageOf(long offset) {
    if (waitingForBatch || stale) {
      return;
    }
    for (PageRequest r : pending) {
      if (offset >= r.offset() && offset < r.offset() + r.limit()) {
        return;
      }
    }
    PageRequest request = new PageRequest(generation, offset - offset % PAGE, PAGE);
    pending.add(request);
    loader.load(request);
  }

  /** The answer to {@code request}, read from the snapshot of batch {@code readSeq}. */
  void pageLoaded(PageRequest request, List<ActivityRow> rows, long readSeq) {
    if (!pending.remove(request) || request.generation() != generation) {
      return;
    }
    if (readSeq > seq) {
      waitingForBatch = true; // it holds rows not announced yet: read again once they are
      return;
    }
    if (stale) {
      return; // a reset is on its way
    }
    if (readSeq < seq) {
      requestHeldStandIns(); // rows were placed since it was read
      return;
    }
    for (int i = 0; i < rows.size() && request.offset() + i < storedCount; i++) {
      ActivityItem item = held.get(keyOf(request.offset() + i));
      if (item == null) {
        held.put(keyOf(request.offset() + i), new ActivityItem(rows.get(i)));
      } else {
        item.setRow(rows.get(i));
      }
    }
  }

  /** A read failed: its stand-ins stay, and are asked for again when shown again. */
  void pageFailed(PageRequest request) {
    if (pending.remove(request) && request.generation() == generation) {
      for (int i = 0; i < request.limit(); i++) {
        ActivityItem item = held.get(keyOf(request.offset() + i));
        if (item != null && item.row().isLoading()) {
          held.remove(keyOf(request.offset() + i));
        }
      }
    }
  }

  /**
   * Asks for the pages of every held stand-in (after the held rows moved or reads were dropped).
   */
  private void requestHeldStandIns() {
    List<Long> offsets = new ArrayList<>();
    held.forEach(
        (key, item) -> {
          if (item.row().isLoading()) {
            offsets.add(offsetOf(key));
          }
        });
    offsets.forEach(this::requestPageOf);
  }

  /** Forgets every stored line: the store as of batch {@code readSeq} holds {@code count}. */
  void resetStored(long count, long readSeq) {
    generation++;
    seq = readSeq;
    stale = false;
    waitingForBatch = false;
    pending.clear();
    int liveSize = live.size();
    int oldSize = size() - liveSize;
    held = heldMap();
    storedCount = Math.max(0, count);
    beginChange();
    if (oldSize > 0) {
      nextRemove(liveSize, Collections.nCopies(oldSize, new ActivityItem(ActivityRow.loading())));
    }
    if (storedCount > 0) {
      nextAdd(liveSize, size());
    }
    endChange();
  }

  /**
   * Places batch {@code batchSeq}: each of {@code rows} goes where {@code order} puts it among the
   * stored rows, found in the held rows from the top. False, with nothing changed, when a place
   * cannot be told because a row above it is not held (the caller then reads the table again).
   */
  boolean placeBatch(long batchSeq, List<ActivityRow> rows, Comparator<ActivityRow> order) {
    List<ActivityRow> sorted = new ArrayList<>(rows);
    sorted.sort(order);
    long[] before = new long[sorted.size()]; // how many of the stored rows go before each new one
    long from = 0;
    for (int i = 0; i < sorted.size(); i++) {
      from = placeOf(sorted.get(i), order, from); // sorted: each place is at or after the last
      if (from < 0) {
        return false;
      }
      before[i] = from;
    }
    seq = batchSeq;
    waitingForBatch = false;
    if (!sorted.isEmpty()) {
      makeRoom(before);
      storedCount += sorted.size();
      for (int i = 0; i < sorted.size(); i++) {
        held.put(keyOf(before[i] + i), new ActivityItem(sorted.get(i)));
      }
      pending.clear(); // their answers come from an older batch and are dropped
      beginChange();
      for (int i = 0; i < sorted.size(); i++) {
        int at = live.size() + (int) (before[i] + i);
        nextAdd(at, at + 1);
      }
      endChange();
    }
    requestHeldStandIns();
    return true;
  }

  /**
   * Moves the held rows above the deepest of the new rows ({@code before}: how many stored rows go
   * before each, ascending; all rows above it are held, or it could not have been placed): a row's
   * key, counted from the bottom, grows by the new rows placed below it. The rows below keep their
   * keys; so do all rows when every new row goes on top.
   */
  private void makeRoom(long[] before) {
    int added = before.length;
    Map<Long, ActivityItem> moving = new LinkedHashMap<>();
    for (long offset = 0; offset < before[added - 1]; offset++) {
      ActivityItem item = held.remove(keyOf(offset));
      if (item != null) {
        moving.put(keyOf(offset) + added - placedAtOrBefore(before, offset), item);
      }
    }
    held.putAll(moving);
  }

  /** The key in {@link #held} of the stored line at {@code offset} from the top. */
  private long keyOf(long offset) {
    return storedCount - 1 - offset;
  }

  /** The offset from the top of the stored line held under {@code key}. */
  private long offsetOf(long key) {
    return storedCount - 1 - key;
  }

  /**
   * How many stored rows, from {@code from} on, sort before {@code r} plus {@code from}; -1 when a
   * held row needed to tell is missing.
   */
  private long placeOf(ActivityRow r, Comparator<ActivityRow> order, long from) {
    for (long offset = from; offset < storedCount; offset++) {
      ActivityItem item = held.get(keyOf(offset));
      if (item == null || item.row().isLoading()) {
        return -1;
      }
      if (order.compare(r, item.row()) < 0) {
        return offset;
      }
    }
    return storedCount;
  }

  /** How many of {@code before} (ascending) are at most {@code offset}. */
  private static int placedAtOrBefore(long[] before, long offset) {
    int lo = 0;
    int hi = before.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before[mid] <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The store as of batch {@code readSeq} holds what is shown: batches up to it are known. */
  void advanceTo(long readSeq) {
    if (readSeq > seq) {
      seq = readSeq;
      waitingForBatch = false;
      requestHeldStandIns();
    }
  }

  /** A batch could not be placed (it belongs lower down, or the order is not by time). */
  void markStale() {
    stale = true;
  }

  /** Puts a live line on top. */
  void addLive(ActivityItem item) {
    live.addFirst(item);
    beginChange();
    nextAdd(0, 1);
    endChange();
  }

  /** Takes a live line away (it was stored, dropped or filtered out). */
  void removeLive(ActivityItem item) {
    int i = live.indexOf(item);
    if (i >= 0) {
      live.remove(i);
      beginChange();
      nextRemove(i, item);
      endChange();
    }
  }

  /** Replaces the live lines (after the filter changed), newest first. */
  void setLive(List<ActivityItem> newestFirst) {
    List<ActivityItem> old = new ArrayList<>(live);
    live.clear();
    live.addAll(newestFirst);
    beginChange();
    if (!old.isEmpty()) {
      nextRemove(0, old);
    }
    if (!live.isEmpty()) {
      nextAdd(0, live.size());
    }
    endChange();
  }

  /** The index of exchange {@code id}'s line when it is live or held and read; else -1. */
  int indexOfLoaded(long id) {
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i).row().id() == id) {
        return i;
      }
    }
    for (Map.Entry<Long, ActivityItem> e : held.entrySet()) {
      if (e.getValue().row().id() == id && e.getKey() >= 0 && e.getKey() < storedCount) {
        return live.size() + (int) offsetOf(e.getKey());
      }
    }
    return -1;
  }

  boolean isLive(ActivityItem item) {
    return live.contains(item);
  }
}
