package dev.tokentap.export;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * The session format ({@code .tokentap}): a self-contained SQLite file with the store's own schema
 * and rows, built by SQLite itself (see {@link ExchangeStore#writeSession}).
 */
public final class SessionExporter implements Exporter {

  private final boolean withBodies;

  public SessionExporter() {
    this(true);
  }

  public SessionExporter(boolean withBodies) {
    this.withBodies = withBodies;
  }

  @Override
  public long export(ExchangeStore store, ExchangeFilter filter, Path file, LongConsumer progress) {
    return store.writeSession(file, filter, withBodies, progress);
  }
}
