package dev.tokentap.store;

import java.util.List;

/**
 * The rows one recorder transaction committed, and its number: batches are numbered 1, 2, 3, ... in
 * commit order, and the number is written in the same transaction ({@code meta.batch_seq}), so a
 * reader can tell which batches a snapshot it read already holds ({@link Snapshot}).
 *
 * @param seq this batch's number
 * @param rows the rows written, in write order
 */
public record StoredBatch(long seq, List<StoredExchange> rows) {

  /** The {@code meta} key holding the number of the last committed batch. */
  public static final String META_KEY = "batch_seq";

  public StoredBatch {
    rows = List.copyOf(rows);
  }
}
