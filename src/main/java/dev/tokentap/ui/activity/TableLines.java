package dev.tokentap.ui.activity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;

/**
 * The activity table's items: one per position, whose row is the row of the view model's line at
 * that position. A change in the table's length makes JavaFX re-index and restyle every visible
 * line (most of the window's work under traffic), so while the table follows the newest line and
 * holds more lines than a screen, new lines on top change the positions' rows in place and the
 * length catches up later, once per {@code later} call. Otherwise, and whenever lines go, the view
 * model's changes pass through at once. FX thread only.
 */
final class TableLines extends ObservableListBase<ActivityItem> {

  /** Below this many lines the length follows at once (the lines beyond a screen are few). */
  static final int LAG_FROM = 200;

  /** Positions handed out and kept up to date; the least recently asked go first. */
  private static final int MAX_POSITIONS = 300;

  private final ObservableList<ActivityItem> source;
  private final BooleanSupplier following;
  private final Consumer<Runnable> later;
  private final Map<Integer, ActivityItem> positions =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ActivityItem> eldest) {
          if (size() > MAX_POSITIONS) {
            eldest.getValue().unfollow();
            return true;
          }
          return false;
        }
      };
  private int size;
  private boolean catchUpPending;

  /**
   * @param source the view model's lines
   * @param following whether the table keeps the newest line in view
   * @param later runs a task after a while (the length's catching up), on the FX thread
   */
  TableLines(
      ObservableList<ActivityItem> source, BooleanSupplier following, Consumer<Runnable> later) {
    this.source = source;
    this.following = following;
    this.later = later;
    this.size = source.size();
    source.addListener(this::sourceChanged);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public ActivityItem get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    ActivityItem item = positions.get(index);
    if (item == null) {
      ActivityItem line = source.get(index);
      item = new ActivityItem(line.row());
      item.follow(line);
      positions.put(index, item);
    }
    return item;
  }

  /** The table stopped following: the length catches up now. */
  void catchUp() {
    int n = source.size();
    if (n > size) {
      int from = size;
      size = n;
      beginChange();
      nextAdd(from, n);
      endChange();
    }
  }

  private void sourceChanged(ListChangeListener.Change<? extends ActivityItem> c) {
    int n = source.size();
    boolean lagging = size != sizeBefore(c);
    if (following.getAsBoolean() && n >= size && size >= LAG_FROM) {
      refollow(size);
      if (n > size && !catchUpPending) {
        catchUpPending = true;
        later.accept(
            () -> {
              catchUpPending = false;
              if (following.getAsBoolean()) {
                catchUp();
              }
            });
      }
      return;
    }
    beginChange();
    if (lagging) {
      // the changes are not relative to what the table holds: show the lines afresh
      nextRemove(0, Collections.nCopies(size, new ActivityItem(ActivityRow.loading())));
      nextAdd(0, n);
    } else {
      c.reset();
      while (c.next()) {
        if (c.wasRemoved()) {
          nextRemove(
              c.getFrom(),
              Collections.nCopies(c.getRemovedSize(), new ActivityItem(ActivityRow.loading())));
        }
        if (c.wasAdded()) {
          nextAdd(c.getFrom(), c.getTo());
        }
      }
    }
    size = n;
    refollow(n);
    endChange();
  }

  /** The source's length before change {@code c}. */
  private int sizeBefore(ListChangeListener.Change<? extends ActivityItem> c) {
    int before = source.size();
    c.reset();
    while (c.next()) {
      before += c.getRemovedSize() - c.getAddedSize();
    }
    c.reset();
    return before;
  }

  /**
   * Each position handed out below {@code limit} shows the line now there; others are forgotten.
   */
  private void refollow(int limit) {
    positions
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey() >= limit) {
                e.getValue().unfollow();
                return true;
              }
              e.getValue().follow(source.get(e.getKey()));
              return false;
            });
  }
}
