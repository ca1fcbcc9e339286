/**
 * Export of recorded exchanges to files: a session file (SQLite, same schema as the store) and CSV.
 * Reads the store through a read-only {@link dev.tokentap.store.ExchangeStore}; every file is
 * written atomically ({@link dev.tokentap.export.AtomicFile}).
 */
package dev.tokentap.export;
