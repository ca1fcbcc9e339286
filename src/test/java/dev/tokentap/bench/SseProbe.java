package dev.tokentap.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Added delay per streamed SSE event. The fake upstream stamps each event with the {@link
 * System#nanoTime} at which it wrote and flushed it; this client (same JVM, same clock) notes when
 * the event's last byte arrived. Streams run one at a time over a keep-alive connection per path,
 * after a warm-up, in rounds that take the paths in turn.
 */
final class SseProbe {

  /** What one path gave. */
  static final class PathResult {
    final RoundSamples delay = new RoundSamples();
    int streams;
    int shortStreams;
    int unstamped;
    int errors;
    String firstError;
  }

  private static final int MAX_ERRORS = 5;

  private final int expectedEvents;
  private final int warmUpStreams;
  private final int rounds;
  private final int streamsPerRound;
  private final long deadlineNanos;

  SseProbe(int expectedEvents, int warmUpStreams, int rounds, int streamsPerRound, long budget) {
    this.expectedEvents = expectedEvents;
    this.warmUpStreams = warmUpStreams;
    this.rounds = rounds;
    this.streamsPerRound = streamsPerRound;
    this.deadlineNanos = System.nanoTime() + budget;
  }

  Map<Target, PathResult> run(List<Target> targets) {
    Map<Target, PathResult> results = new LinkedHashMap<>();
    Map<Target, HttpConn> conns = new LinkedHashMap<>();
    try {
      for (Target t : targets) {
        results.put(t, new PathResult());
        conns.put(t, new HttpConn(t.port(), 15_000));
      }
      for (Target t : targets) {
        for (int i = 0; i < warmUpStreams; i++) {
          stream(conns.get(t), t, results.get(t), false);
        }
      }
      for (int r = 0; r < rounds && System.nanoTime() < deadlineNanos; r++) {
        for (Target t : targets) {
          results.get(t).delay.startRound();
          for (int i = 0; i < streamsPerRound; i++) {
            stream(conns.get(t), t, results.get(t), true);
          }
        }
      }
    } finally {
      conns.values().forEach(HttpConn::close);
    }
    return results;
  }

  private void stream(HttpConn conn, Target t, PathResult pr, boolean measured) {
    if (pr.errors >= MAX_ERRORS || System.nanoTime() > deadlineNanos) {
      return;
    }
    byte[] request =
        HttpConn.post(t.port(), "/v1/chat/completions", Payloads.CHAT_STREAM_REQUEST, true);
    int[] stamped = new int[1];
    try {
      int events =
          conn.stream(
              request,
              (event, length, arrival) -> {
                long sent = Payloads.sendTimeOf(event, length);
                if (sent == Long.MIN_VALUE) {
                  if (measured && !isDone(event, length)) {
                    pr.unstamped++;
                  }
                  return;
                }
                stamped[0]++;
                if (measured) {
                  pr.delay.add(arrival - sent);
                }
              });
      if (measured) {
        pr.streams++;
        if (stamped[0] != expectedEvents || events != expectedEvents + 1) {
          pr.shortStreams++;
        }
      }
    } catch (IOException e) {
      pr.errors++;
      if (pr.firstError == null) {
        pr.firstError = e.toString();
      }
      conn.disconnect();
    }
  }

  private static boolean isDone(byte[] event, int length) {
    byte[] done = Payloads.SSE_DONE;
    if (length != done.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (event[i] != done[i]) {
        return false;
      }
    }
    return true;
  }
}
