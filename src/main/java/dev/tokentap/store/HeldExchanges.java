package dev.tokentap.store;

import dev.tokentap.model.Exchange;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges the recorder has taken from its queue and not yet stored, oldest first: normally
 * the next batch, and everything that arrives while the store refuses writes. Bounded by count and
 * by body bytes: beyond the byte bound the oldest held captures are dropped first (their rows
 * stay), then, as beyond the count bound, the oldest rows. Each drop is counted. Confined to the
 * recorder thread.
 */
final class HeldExchanges {

  private final int maxRows;
  private final long maxBytes;
  private final ArrayList<Exchange> rows = new ArrayList<>();
  private int head; // rows before it are gone; compacted when it passes half the list
  private int bare; // rows before it have no bodies left (captures are dropped oldest first)
  private long bytes;
  private long droppedCaptures;
  private long droppedRows;

  HeldExchanges(int maxRows, long maxBytes) {
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
  }

  /** Adds {@code e} as the newest, then drops what is beyond the bounds. */
  void add(Exchange e) {
    rows.add(e);
    bytes += bodyBytes(e);
    while (size() > maxRows) {
      removeOldest();
      droppedRows++;
    }
    bare = Math.max(bare, head);
    while (bytes > maxBytes && bare < rows.size()) {
      Exchange full = rows.get(bare);
      Exchange stripped = full.withoutBodies();
      if (stripped != full) {
        bytes -= bodyBytes(full) - bodyBytes(stripped);
        rows.set(bare, stripped);
        droppedCaptures++;
      }
      bare++;
    }
    while (bytes > maxBytes && size() > 0) {
      removeOldest();
      droppedRows++;
    }
    compact();
  }

  /** The oldest {@code n} (fewer when fewer are held), still held. */
  List<Exchange> oldest(int n) {
    return new ArrayList<>(rows.subList(head, head + Math.min(n, size())));
  }

  /** Lets go of the oldest {@code n} (they were stored, or given up). */
  void release(int n) {
    for (int i = 0; i < n && size() > 0; i++) {
      removeOldest();
    }
    compact();
  }

  private void removeOldest() {
    bytes -= bodyBytes(rows.get(head));
    rows.set(head, null);
    head++;
  }

  private void compact() {
    if (head == rows.size()) {
      rows.clear();
      bare -= head;
      head = 0;
    } else if (head > 1024 && head > rows.size() / 2) {
      rows.subList(0, head).clear();
      bare -= head;
      head = 0;
    }
    bare = Math.max(bare, 0);
  }

  boolean isEmpty() {
    return size() == 0;
  }

  int size() {
    return rows.size() - head;
  }

  /** Captures dropped from held exchanges so far (their rows were kept). */
  long droppedCaptures() {
    return droppedCaptures;
  }

  /** Held exchanges dropped whole so far. */
  long droppedRows() {
    return droppedRows;
  }

  /**
   * What an exchange holds on the heap beyond its fixed size: its bodies, and its event times (8
   * bytes per kept event), so a byte bound bounds both.
   */
  static long bodyBytes(Exchange e) {
    long n = (long) Long.BYTES * e.eventTimes().count();
    if (e.requestBody() != null) {
      n += e.requestBody().bytes().length;
    }
    if (e.responseBody() != null) {
      n += e.responseBody().bytes().length;
    }
    return n;
  }
}
