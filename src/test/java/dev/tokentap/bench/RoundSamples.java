package dev.tokentap.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples kept per measurement round as well as pooled. The report gives each percentile as the
 * median over rounds of that round's percentile: the paths take turns round by round, so one host
 * stall (this is a shared virtual machine) spoils one round of one path, not the figure.
 */
final class RoundSamples {
  private final List<Samples> rounds = new ArrayList<>();
  private final Samples pooled = new Samples();
  private Samples current;

  void startRound() {
    current = new Samples();
    rounds.add(current);
  }

  void add(long nanos) {
    if (current == null) {
      startRound();
    }
    current.add(nanos);
    pooled.add(nanos);
  }

  int size() {
    return pooled.size();
  }

  int roundCount() {
    return (int) rounds.stream().filter(r -> r.size() > 0).count();
  }

  /** Median over rounds of each round's {@code p}-th percentile, in ms; NaN when empty. */
  double percentileMillis(double p) {
    double[] v =
        rounds.stream().filter(r -> r.size() > 0).mapToDouble(r -> r.percentileMillis(p)).toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  double p50() {
    return percentileMillis(50);
  }

  double p99() {
    return percentileMillis(99);
  }

  /** The pooled p99 over all rounds, in ms. */
  double pooledP99() {
    return pooled.p99();
  }

  double maxMillis() {
    return pooled.maxMillis();
  }
}
