/**
 * Export of recorded exchanges to files: a session file (SQLite, same schema as the store) and CSV.
 * Reads the store through a read-only {@link dev.tokentap.store.ExchangeStore}; every file is
 * written atomically ({@link dev.tokentap.export.AtomicFile}). {@link
 * dev.tokentap.export.UsageReport} writes the figures of {@code tokentap stats} (a table, JSON or
 * CSV).
 */
package dev.tokentap.export;
