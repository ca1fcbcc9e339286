package dev.tokentap.app;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a TokenTap's forwarder on a thread of its own, so that the window is built meanwhile (the
 * two took about 0.1 s and 0.3-0.5 s of a 1.5 s launch, one after the other).
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
