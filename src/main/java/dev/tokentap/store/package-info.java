/**
 * TokenTap's history in SQLite: {@code tokentap.db} in a data dir, numbered migrations, the single
 * writer thread that records exchanges ({@link dev.tokentap.store.Recorder}) and the read side
 * ({@link dev.tokentap.store.ExchangeStore}). Entry point: {@link
 * dev.tokentap.store.ExchangeStore#open}.
 */
package dev.tokentap.store;
