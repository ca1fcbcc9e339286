package dev.tokentap.ui.activity;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeReads;
import dev.tokentap.store.StoredExchange;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Stored rows that the filter's text may take by their captured bodies alone (decision record
 * 0026): the rule that places arriving rows ({@link ExchangeFilter#test}) sees their columns only,
 * so the rows it leaves out are looked up in the search index on the worker, and when one of them
 * matches, {@code onFound} hears the filter (on the FX thread) and the table is read again.
 */
final class BodyMatches {

  private final ExchangeReads store;
  private final Executor worker;
  private final Consumer<Runnable> fxThread;
  private final Consumer<ExchangeFilter> onFound;

  BodyMatches(
      ExchangeReads store,
      Executor worker,
      Consumer<Runnable> fxThread,
      Consumer<ExchangeFilter> onFound) {
    this.store = store;
    this.worker = worker;
    this.fxThread = fxThread;
    this.onFound = onFound;
  }

  /** Looks the {@code stored} rows that {@code f} leaves out up in the index, if {@code f} may. */
  void check(ExchangeFilter f, List<StoredExchange> stored) {
    if (!f.searchesBodies()) {
      return;
    }
    List<Long> copy = stored.stream().filter(s -> !f.test(s)).map(StoredExchange::id).toList();
    if (copy.isEmpty()) {
      return;
    }
    worker.execute(
        () -> {
          List<Long> found;
          try {
            found = store.bodyMatches(f, copy);
          } catch (RuntimeException e) {
            return; // the next read of the table shows them
          }
          if (!found.isEmpty()) {
            fxThread.accept(() -> onFound.accept(f));
          }
        });
  }
}
