package dev.tokentap.store;

/**
 * A value read from one consistent snapshot of the store, with the number of the last recorder
 * batch that snapshot holds ({@link StoredBatch#seq()}; 0 when none was ever committed).
 *
 * @param <T> what was read
 */
public record Snapshot<T>(T value, long batchSeq) {}
