package dev.tokentap.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of the bucket query (one per bucket and model) into {@link TimeBucket}s: picks the
 * models with most tokens over the whole range and folds the rest into {@link TimeBucket#OTHER}.
 */
final class BucketRows {

  private BucketRows() {}

  /** One bucket and model: counts and the sums the means are made of. */
  record Row(
      long start,
      String model,
      long requests,
      Long promptTokens,
      Long completionTokens,
      double genTpsSum,
      long genTpsCount,
      double promptTpsSum,
      long promptTpsCount,
      double ttftSum,
      long ttftCount) {}

  /** Tokens, then requests of one model over the range. */
  private static final class Total {
    long tokens;
    long requests;
  }

  /** Most tokens first, then most requests, then by name (no model last). */
  private static final Comparator<Map.Entry<String, Total>> MOST_TOKENS =
      Comparator.<Map.Entry<String, Total>>comparingLong(e -> -e.getValue().tokens)
          .thenComparingLong(e -> -e.getValue().requests)
          .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder()));

  /** {@code rows} ordered by start; returns one bucket per start, series in the same order. */
  static List<TimeBucket> fold(List<Row> rows, int topModels) {
    Map<String, Total> totals = new HashMap<>(); // the null model is a key too
    for (Row r : rows) {
      Total t = totals.computeIfAbsent(r.model(), k -> new Total());
      t.tokens += orZero(r.promptTokens()) + orZero(r.completionTokens());
      t.requests += r.requests();
    }
    List<String> ranked =
        totals.entrySet().stream().sorted(MOST_TOKENS).map(Map.Entry::getKey).toList();
    List<String> top = ranked.subList(0, Math.min(topModels, ranked.size()));
    boolean folds = ranked.size() > top.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < top.size(); i++) {
      index.put(top.get(i), i);
    }
    int otherIndex = top.size();
    int series = top.size() + (folds ? 1 : 0);

    List<TimeBucket> buckets = new ArrayList<>();
    Bucket current = null;
    for (Row r : rows) {
      if (current == null || current.start != r.start()) {
        if (current != null) {
          buckets.add(current.build(top, folds));
        }
        current = new Bucket(r.start(), series);
      }
      current.add(r, index.getOrDefault(r.model(), otherIndex));
    }
    if (current != null) {
      buckets.add(current.build(top, folds));
    }
    return buckets;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  /** A bucket being summed up. */
  private static final class Bucket {
    final long start;
    long requests;
    double genSum;
    long genCount;
    double promptTpsSum;
    long promptTpsCount;
    double ttftSum;
    long ttftCount;
    final long[] seriesRequests;
    final Long[] seriesPrompt;
    final Long[] seriesCompletion;

    Bucket(long start, int series) {
      this.start = start;
      seriesRequests = new long[series];
      seriesPrompt = new Long[series];
      seriesCompletion = new Long[series];
    }

    void add(Row r, int series) {
      requests += r.requests();
      genSum += r.genTpsSum();
      genCount += r.genTpsCount();
      promptTpsSum += r.promptTpsSum();
      promptTpsCount += r.promptTpsCount();
      ttftSum += r.ttftSum();
      ttftCount += r.ttftCount();
      seriesRequests[series] += r.requests();
      seriesPrompt[series] = Rollup.plus(seriesPrompt[series], r.promptTokens());
      seriesCompletion[series] = Rollup.plus(seriesCompletion[series], r.completionTokens());
    }

    TimeBucket build(List<String> top, boolean folds) {
      List<TimeBucket.ModelTokens> models = new ArrayList<>(seriesRequests.length);
      for (int i = 0; i < seriesRequests.length; i++) {
        boolean other = folds && i == top.size();
        boolean none = seriesRequests[i] == 0; // nothing happened: a true zero
        models.add(
            new TimeBucket.ModelTokens(
                other ? TimeBucket.OTHER : top.get(i),
                other,
                seriesRequests[i],
                none ? Long.valueOf(0) : seriesPrompt[i],
                none ? Long.valueOf(0) : seriesCompletion[i]));
      }
      return new TimeBucket(
          start,
          requests,
          mean(genSum, genCount),
          mean(promptTpsSum, promptTpsCount),
          mean(ttftSum, ttftCount),
          models);
    }

    private static Double mean(double sum, long count) {
      return count == 0 ? null : sum / count;
    }
  }
}
