package dev.tokentap.store;

/**
 * The two rollup tables. Both have the same columns; {@code rollups} leaves the client out of its
 * key (NULL), so what does not group or filter by client (tiles, charts, per model, {@code stats}
 * by model, endpoint, day or hour) reads a few rows per period whatever the number of clients, and
 * {@code client_rollups} keys by the client too, for the clients table and {@code stats --by
 * client}.
 */
enum RollupTable {
  MODELS("rollups"),
  CLIENTS("client_rollups");

  final String table;

  RollupTable(String table) {
    this.table = table;
  }

  /** {@code key} as this table keys it. */
  RollupKey project(RollupKey key) {
    return this == CLIENTS
        ? key
        : new RollupKey(key.model(), key.endpoint(), key.outcome(), null, null, null);
  }
}
