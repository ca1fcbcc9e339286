package dev.tokentap.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Added latency per small request: sequential chat-completions POSTs (~250 bytes in, ~800 out) over
 * one keep-alive connection per path. After a warm-up on every path, the measured requests run in
 * rounds that take the paths in turn, so drift (JIT, GC, CPU frequency) is shared fairly.
 */
final class LatencyProbe {

  /** What one path gave. */
  static final class PathResult {
    final RoundSamples latency = new RoundSamples();
    int errors;
    String firstError;
    int connects;
  }

  private static final int MAX_ERRORS = 20;

  private final int warmUp;
  private final int rounds;
  private final int perRound;
  private final long deadlineNanos;

  LatencyProbe(int warmUp, int rounds, int perRound, long budgetNanos) {
    this.warmUp = warmUp;
    this.rounds = rounds;
    this.perRound = perRound;
    this.deadlineNanos = System.nanoTime() + budgetNanos;
  }

  Map<Target, PathResult> run(List<Target> targets) {
    Map<Target, PathResult> results = new LinkedHashMap<>();
    Map<Target, HttpConn> conns = new LinkedHashMap<>();
    try {
      for (Target t : targets) {
        results.put(t, new PathResult());
        conns.put(t, new HttpConn(t.port(), 10_000));
      }
      for (Target t : targets) {
        measure(conns.get(t), t, results.get(t), warmUp, null);
      }
      for (int r = 0; r < rounds && System.nanoTime() < deadlineNanos; r++) {
        for (Target t : targets) {
          PathResult pr = results.get(t);
          pr.latency.startRound();
          measure(conns.get(t), t, pr, perRound, pr.latency);
        }
      }
    } finally {
      for (Target t : targets) {
        PathResult pr = results.get(t);
        HttpConn c = conns.get(t);
        if (c != null) {
          pr.connects = c.connects();
          c.close();
        }
      }
    }
    return results;
  }

  private void measure(HttpConn conn, Target t, PathResult pr, int count, RoundSamples into) {
    byte[] request = HttpConn.post(t.port(), "/v1/chat/completions", Payloads.CHAT_REQUEST, false);
    int expected = Payloads.CHAT_RESPONSE.length;
    for (int i = 0; i < count && pr.errors < MAX_ERRORS; i++) {
      if (System.nanoTime() > deadlineNanos) {
        return;
      }
      long start = System.nanoTime();
      try {
        long length = conn.exchange(request);
        long took = System.nanoTime() - start;
        if (length != expected) {
          throw new IOException("body of " + length + " bytes, expected " + expected);
        }
        if (into != null) {
          into.add(took);
        }
      } catch (IOException e) {
        pr.errors++;
        if (pr.firstError == null) {
          pr.firstError = e.toString();
        }
        conn.disconnect();
      }
    }
  }
}
