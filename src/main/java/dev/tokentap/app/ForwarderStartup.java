package dev.tokentap.app;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a TokenTap's forwarder on a thread of its own, so that the window is built meanwhile (one
 * after the other they took 65-200 ms and 0.4-0.8 s of a launch; together, the median launch was 27
 * ms shorter, docs/benchmarks.md).
 */
final class ForwarderStartup {

  private ForwarderStartup() {}

  /**
   * {@link TokenTap#startForwarder}, aside; completes with why it could not listen (said on {@code
   * err} too), or null once it listens.
   */
  static CompletableFuture<String> start(TokenTap tokenTap, PrintStream err) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            tokenTap.startForwarder();
            return null;
          } catch (StartupException e) {
            err.println("tokentap: " + e.getMessage());
            return TokenTapControl.capitalized(e.getMessage());
          }
        },
        task -> Thread.ofPlatform().name("tokentap-listen").start(task));
  }
}
