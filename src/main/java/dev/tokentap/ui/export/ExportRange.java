package dev.tokentap.ui.export;

import java.time.Duration;

/** The export dialog's time ranges. */
public enum ExportRange {
  ALL("All time", null),
  LAST_HOUR("Last hour", Duration.ofHours(1)),
  LAST_DAY("Last 24 hours", Duration.ofDays(1)),
  LAST_WEEK("Last 7 days", Duration.ofDays(7)),
  CUSTOM("Custom…", null);

  private final String label;
  private final Duration span;

  ExportRange(String label, Duration span) {
    this.label = label;
    this.span = span;
  }

  public String label() {
    return label;
  }

  /** How far back from now; null for ALL and CUSTOM. */
  public Duration span() {
    return span;
  }

  @Override
  public String toString() {
    return label;
  }
}
