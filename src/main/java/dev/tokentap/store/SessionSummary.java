package dev.tokentap.store;

import java.util.List;

/**
 * What a store holds, in a few numbers: for the summary of {@code tokentap --open}.
 *
 * @param exchanges how many exchanges
 * @param firstStartedAt the earliest {@code started_at} (epoch ms), null when empty
 * @param lastStartedAt the latest {@code started_at} (epoch ms), null when empty
 * @param errors exchanges whose outcome is not {@code ok}
 * @param models one line per {@code model} (null model included), most requests first
 */
public record SessionSummary(
    long exchanges, Long firstStartedAt, Long lastStartedAt, long errors, List<Model> models) {

  public SessionSummary {
    models = List.copyOf(models);
  }

  /**
   * The exchanges of one model. Token sums are null when no exchange of it reported any.
   *
   * @param model the {@code model} column, null when unknown
   * @param medianGenTps the median {@code gen_tps} of its exchanges that have one, else null
   */
  public record Model(
      String model,
      long requests,
      Long promptTokens,
      Long cachedTokens,
      Long completionTokens,
      Double medianGenTps) {}
}
