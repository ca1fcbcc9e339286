package dev.tokentap.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history to keep. A limit of {@link #NO_LIMIT} (or a zero {@code maxAge}) means "keep
 * everything" for that dimension.
 *
 * <p>Over a limit, captures go first: the captures of the oldest exchanges are deleted until the
 * stored capture bytes are at most {@code maxCaptureBytes}; then whole exchanges (with their
 * captures) older than {@code maxAge}, and the oldest beyond {@code maxExchanges}.
 *
 * @param maxAge exchanges that started longer ago than this are deleted; {@link Duration#ZERO}: no
 *     limit
 * @param maxExchanges only the newest this many exchanges are kept; 0: no limit
 * @param maxCaptureBytes captures are kept while their stored size (compressed bodies plus header
 *     JSON) is at most this; 0: no limit
 * @param maxSummaryAge the rollups (per-minute to per-day sums the dashboard and {@code stats}
 *     read) of periods that ended longer ago than this are deleted; {@link Duration#ZERO}: kept
 *     forever, the default (they are small, and they keep a year of usage when rows are pruned)
 */
public record RetentionPolicy(
    Duration maxAge, long maxExchanges, long maxCaptureBytes, Duration maxSummaryAge) {

  public static final long NO_LIMIT = 0;

  /** 1 GiB: the default capture limit. */
  public static final long DEFAULT_MAX_CAPTURE_BYTES = 1L << 30;

  /** Exchanges kept forever, captures up to 1 GiB. */
  public static final RetentionPolicy DEFAULT =
      new RetentionPolicy(Duration.ZERO, NO_LIMIT, DEFAULT_MAX_CAPTURE_BYTES);

  /** Nothing is ever deleted. */
  public static final RetentionPolicy KEEP_ALL =
      new RetentionPolicy(Duration.ZERO, NO_LIMIT, NO_LIMIT);

  public RetentionPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxSummaryAge, "maxSummaryAge");
    if (maxAge.isNegative()
        || maxExchanges < 0
        || maxCaptureBytes < 0
        || maxSummaryAge.isNegative()) {
      throw new IllegalArgumentException("retention limits must not be negative");
    }
  }

  /** Limits on rows and captures; the rollups kept forever. */
  public RetentionPolicy(Duration maxAge, long maxExchanges, long maxCaptureBytes) {
    this(maxAge, maxExchanges, maxCaptureBytes, Duration.ZERO);
  }

  /** True when some limit is set. */
  public boolean limitsAnything() {
    return !maxAge.isZero() || maxExchanges > 0 || maxCaptureBytes > 0 || !maxSummaryAge.isZero();
  }
}
