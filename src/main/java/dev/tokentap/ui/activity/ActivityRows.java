package dev.tokentap.ui.activity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ObservableListBase;

/**
 * The activity table's lines: the live ones (running, or ended and not stored yet) on top, then the
 * stored history, of which only a window of recently shown lines is held in memory. A stored line
 * that is not held is handed out as a stand-in at once and read a page at a time through the {@link
 * PageLoader}; when the page arrives the stand-in's row is set in place. FX thread only.
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

  /** A read of {@code limit} stored lines from {@code offset}, as positions were when asked. */
  record PageRequest(long generation, long shiftAtRequest, long offset, int limit) {}

  private final PageLoader loader;
  private final List<ActivityItem> live = new ArrayList<>();
  private Map<Long, ActivityItem> held = heldMap();
  private final List<PageRequest> pending = new ArrayList<>();
  private long storedCount;
  private long generation;
  private long shift; // lines inserted on top of the stored part since the generation began

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
    ActivityItem item = held.get(offset);
    if (item == null) {
      item = new ActivityItem(ActivityRow.loading());
      held.put(offset, item);
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

  int liveCount() {
    return live.size();
  }

  private void requestPageOf(long offset) {
    for (PageRequest r : pending) {
      long from = r.offset() + (shift - r.shiftAtRequest());
      if (offset >= from && offset < from + r.limit()) {
        return;
      }
    }
    long start = offset - offset % PAGE;
    PageRequest request = new PageRequest(generation, shift, start, PAGE);
    pending.add(request);
    loader.load(request);
  }

  /** The answer to {@code request}: sets the stand-ins' rows in place. */
  void pageLoaded(PageRequest request, List<ActivityRow> rows) {
    if (!pending.remove(request) || request.generation() != generation) {
      return;
    }
    long base = request.offset() + (shift - request.shiftAtRequest());
    if (shift != request.shiftAtRequest()) {
      // rows were stored meanwhile: the read may or may not have seen them, so read again
      for (int i = 0; i < request.limit(); i++) {
        ActivityItem item = held.get(base + i);
        if (item != null && item.row().isLoading()) {
          requestPageOf(base + i);
        }
      }
      return;
    }
    for (int i = 0; i < rows.size() && base + i < storedCount; i++) {
      ActivityItem item = held.get(base + i);
      if (item == null) {
        held.put(base + i, new ActivityItem(rows.get(i)));
      } else {
        item.setRow(rows.get(i));
      }
    }
  }

  /** A read failed: its stand-ins stay, and are asked for again when shown again. */
  void pageFailed(PageRequest request) {
    if (pending.remove(request) && request.generation() == generation) {
      long base = request.offset() + (shift - request.shiftAtRequest());
      for (int i = 0; i < request.limit(); i++) {
        ActivityItem item = held.get(base + i);
        if (item != null && item.row().isLoading()) {
          held.remove(base + i);
        }
      }
    }
  }

  /** Forgets every stored line: the history now holds {@code count} lines (filter or order). */
  void resetStored(long count) {
    generation++;
    shift = 0;
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

  /** Lines just stored, newest first, that belong on top of the stored part. */
  void insertStored(List<ActivityRow> newestFirst) {
    int k = newestFirst.size();
    if (k == 0) {
      return;
    }
    Map<Long, ActivityItem> moved = heldMap();
    for (Map.Entry<Long, ActivityItem> e : held.entrySet()) {
      moved.put(e.getKey() + k, e.getValue());
    }
    for (int i = k - 1; i >= 0; i--) {
      moved.put((long) i, new ActivityItem(newestFirst.get(i)));
    }
    held = moved;
    shift += k;
    storedCount += k;
    beginChange();
    nextAdd(live.size(), live.size() + k);
    endChange();
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

  boolean isLive(ActivityItem item) {
    return live.contains(item);
  }
}
