package dev.tokentap.store;

/**
 * What one prune removed.
 *
 * @param captures capture rows deleted (those deleted with their exchange included)
 * @param captureBytes their stored size
 * @param exchanges exchange rows deleted
 * @param summaries rollup rows deleted (only with a summary age limit)
 * @param fileBytesBefore {@code tokentap.db} plus its WAL before
 * @param fileBytesAfter and after (space given back to the OS by incremental vacuum and a WAL
 *     checkpoint)
 */
public record PruneResult(
    long captures,
    long captureBytes,
    long exchanges,
    long summaries,
    long fileBytesBefore,
    long fileBytesAfter) {

  /** True when anything was deleted. */
  public boolean removedAnything() {
    return captures > 0 || exchanges > 0 || summaries > 0;
  }
}
