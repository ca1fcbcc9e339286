package dev.tokentap.fleet;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one label's values bounded: the first {@code max} distinct values seen are kept, any later
 * one becomes {@link #OTHER}. Lock-free on the way of a known value (one map read).
 */
final class BoundedLabel {

  static final String OTHER = "other";

  private final int max;
  private final ConcurrentHashMap<String, String> seen = new ConcurrentHashMap<>();
  private final AtomicInteger slots = new AtomicInteger();

  BoundedLabel(int max) {
    this.max = max;
  }

  /** {@code value} when it is (or may become) one of the kept values, else {@link #OTHER}. */
  String of(String value) {
    if (seen.containsKey(value)) {
      return value;
    }
    if (slots.getAndIncrement() >= max) {
      slots.decrementAndGet(); // full: the count stays at max or just above it
      return OTHER;
    }
    if (seen.putIfAbsent(value, value) != null) {
      slots.decrementAndGet(); // another thread added it first: the slot goes back
    }
    return value;
  }
}
