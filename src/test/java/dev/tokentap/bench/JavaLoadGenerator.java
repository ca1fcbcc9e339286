package dev.tokentap.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stand-in for wrk when it is not installed: N platform threads, each a keep-alive connection
 * POSTing the chat-completions body back to back for a fixed time. Runs inside the benchmark JVM
 * (so it shares the CPU with the fake upstream differently from wrk): its figures are not
 * comparable with wrk's, only with each other.
 */
final class JavaLoadGenerator {
  private JavaLoadGenerator() {}

  static WrkRunner.Result run(int port, int connections, int seconds) throws IOException {
    byte[] request = HttpConn.post(port, "/v1/chat/completions", Payloads.CHAT_REQUEST, false);
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("load-" + i)
              .start(
                  () -> {
                    try (HttpConn conn = new HttpConn(port, 5_000)) {
                      while (System.nanoTime() < end && errors.get() < 1000) {
                        try {
                          conn.exchange(request);
                          done.incrementAndGet();
                        } catch (IOException e) {
                          errors.incrementAndGet();
                          firstError.compareAndSet(null, e.toString());
                          conn.disconnect();
                        }
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      try {
        t.join(seconds * 1000L + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    String problems = errors.get() == 0 ? "" : errors.get() + " errors, first: " + firstError.get();
    return new WrkRunner.Result(done.get() / elapsed, done.get(), "?", problems);
  }
}
