package dev.tokentap.ui.activity;

import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.model.Exchange;
import dev.tokentap.store.StoredBatch;
import dev.tokentap.store.StoredExchange;
import java.util.List;

/** Something that happened to the traffic, carried to the FX thread by the {@link ActivityFeed}. */
public sealed interface LiveEvent {

  /** A request arrived. */
  record Started(InFlightExchange exchange) implements LiveEvent {}

  /** An exchange ended (not stored yet). */
  record Finished(Exchange exchange) implements LiveEvent {}

  /** The recorder committed a batch of rows. */
  record Stored(StoredBatch batch) implements LiveEvent {

    public List<StoredExchange> rows() {
      return batch.rows();
    }
  }
}
