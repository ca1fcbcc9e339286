package dev.tokentap.metrics;

import dev.tokentap.model.EventTimes;

/**
 * When a stream's events arrived: how many there were, the longest silence between two of them, and
 * when the first and last events that carried generated output came. Times are {@link
 * System#nanoTime} values; an event's time is when its last byte arrived. Each event's time is also
 * kept ({@link EventTimes}, bounded: the array grows up to {@link EventTimes#MAX_EVENTS} events,
 * later ones are only counted). Confined to the exchange's thread.
 */
final class StreamTimeline {

  private static final double NANOS_PER_MS = 1_000_000.0;

  private final long startNanos;
  private int eventCount;
  private int outputEventCount;
  private long lastEventNanos;
  private long maxGapNanos = -1;
  private long firstOutputNanos;
  private long lastOutputNanos;
  private final EventTimes.Builder times = EventTimes.builder();

  /**
   * @param startNanos when the request started: the origin of the time to first token
   */
  StreamTimeline(long startNanos) {
    this.startNanos = startNanos;
  }

  /** One event arrived at {@code nanoTime}; {@code carriesOutput} if it held generated output. */
  void onEvent(long nanoTime, boolean carriesOutput) {
    if (eventCount > 0) {
      maxGapNanos = Math.max(maxGapNanos, Math.max(0, nanoTime - lastEventNanos));
    }
    eventCount++;
    lastEventNanos = nanoTime;
    times.add(Math.max(0, nanoTime - startNanos) / 1_000, carriesOutput);
    if (carriesOutput) {
      if (outputEventCount == 0) {
        firstOutputNanos = nanoTime;
      }
      outputEventCount++;
      lastOutputNanos = nanoTime;
    }
  }

  /** Every event's arrival (offset from the request start) so far; a copy. */
  EventTimes eventTimes() {
    return times.build();
  }

  int eventCount() {
    return eventCount;
  }

  /** Events that carried generated output (token events). */
  int outputEventCount() {
    return outputEventCount;
  }

  /** Request start to the first event with generated output; null before there is one. */
  Double ttftMs() {
    return outputEventCount == 0 ? null : (firstOutputNanos - startNanos) / NANOS_PER_MS;
  }

  /** The longest time between two consecutive events; null with fewer than two events. */
  Double maxGapMs() {
    return maxGapNanos < 0 ? null : maxGapNanos / NANOS_PER_MS;
  }

  /**
   * Generation speed measured from the output events: the tokens after the first one, over the time
   * from the first to the last output event. Counts {@code completionTokens - 1} tokens when the
   * server reported more than one, else one token per output event after the first. Null when there
   * is no positive span or nothing to count.
   */
  Double measuredGenTps(Long completionTokens) {
    if (outputEventCount == 0) {
      return null;
    }
    double spanSeconds = (lastOutputNanos - firstOutputNanos) / 1e9;
    if (!(spanSeconds > 0)) {
      return null;
    }
    long tokens =
        completionTokens != null && completionTokens > 1
            ? completionTokens - 1
            : outputEventCount - 1L;
    return tokens > 0 ? tokens / spanSeconds : null;
  }
}
