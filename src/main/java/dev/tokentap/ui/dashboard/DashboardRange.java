package dev.tokentap.ui.dashboard;

import java.time.Duration;

/** The time range the dashboard shows: a window sliding up to now, or the whole history. */
public enum DashboardRange {
  LIVE_5_MIN("Live 5 min", Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(1)),
  HOUR("1 h", Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(1)),
  DAY("24 h", Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofMinutes(1)),
  ALL("All", null, null, Duration.ofSeconds(1));

  private final String label;
  private final Duration length;
  private final Duration slideEvery;
  private final Duration narrowestBucket;

  DashboardRange(String label, Duration length, Duration slideEvery, Duration narrowestBucket) {
    this.label = label;
    this.length = length;
    this.slideEvery = slideEvery;
    this.narrowestBucket = narrowestBucket;
  }

  /**
   * The narrowest chart bucket: a minute for the hour and the day, so their charts come from the
   * per-minute rollups whatever the traffic; seconds only for the live range (a few minutes of
   * rows) and for a history only minutes long.
   */
  public Duration narrowestBucket() {
    return narrowestBucket;
  }

  /** What the range selector says. */
  public String label() {
    return label;
  }

  /** How far back from now the range reaches; null for the whole history. */
  public Duration length() {
    return length;
  }

  /**
   * How often the figures are read again with no new traffic, so the window slides and old
   * exchanges leave it; null when the range does not slide.
   */
  public Duration slideEvery() {
    return slideEvery;
  }

  @Override
  public String toString() {
    return label;
  }
}
