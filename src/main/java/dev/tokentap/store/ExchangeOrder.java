package dev.tokentap.store;

/**
 * The order of a page of exchanges: one column of {@code exchanges} ({@link
 * StoredExchange#COLUMNS}), ascending or descending, unknown values last, ties broken by id in the
 * same direction.
 */
public record ExchangeOrder(String column, boolean descending) {

  /** Newest first: the activity table's natural order. */
  public static final ExchangeOrder NEWEST_FIRST = new ExchangeOrder("started_at", true);

  public ExchangeOrder {
    if (!StoredExchange.COLUMNS.contains(column)) {
      throw new IllegalArgumentException("not a column of exchanges: " + column);
    }
  }

  /** The {@code ORDER BY} clause (without the keywords); safe: the column is checked. */
  String sql() {
    String direction = descending ? " DESC" : " ASC";
    return column + direction + " NULLS LAST, id" + direction;
  }
}
