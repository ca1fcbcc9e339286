package dev.tokentap.model;

/**
 * Decides per exchange its conversation and turn, and whether the prompt cache missed: called by
 * the recorder on its one thread, in the order exchanges are written, with the redacted texts
 * (never the clear ones). May be called again for an exchange whose batch is written again after a
 * store failure, and must then answer the same. A no-op {@link #NONE} for stores without it.
 */
@FunctionalInterface
public interface TurnLinker {

  /** Links nothing: every exchange is in no conversation. */
  TurnLinker NONE = exchange -> Turn.NONE;

  /** Where {@code exchange} stands; {@link Turn#NONE} when in no conversation. */
  Turn link(TurnInput exchange);
}
