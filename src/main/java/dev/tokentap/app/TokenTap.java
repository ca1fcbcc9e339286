package dev.tokentap.app;

import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.forward.Forwarder;
import dev.tokentap.forward.ForwarderSettings;
import dev.tokentap.model.ExchangeMeter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** Wires the parts together and owns their start and stop order. */
final class TokenTap {

  /** How long running exchanges may take to finish when TokenTap is asked to stop. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Forwarder forwarder;

  TokenTap(Options options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  void start() throws StartupException {
    ForwarderSettings settings =
        ForwarderSettings.of(options.listen(), options.upstream())
            .withCaptureCap(options.capture() ? options.captureCap() : 0);
    AtomicLong ids = new AtomicLong();
    forwarder =
        new Forwarder(
            settings,
            ExchangeMeter.Factory.NONE,
            ExchangeListener.all(new HeadlessLog(out)),
            ids::incrementAndGet);
    try {
      forwarder.start();
    } catch (BindException e) {
      throw new StartupException(
          "cannot listen on "
              + hostPort()
              + ": the port is in use or the address is not on this machine."
              + " Stop the program using it, or choose another with --listen HOST:PORT.");
    } catch (IOException e) {
      throw new StartupException("cannot listen on " + hostPort() + ": " + e.getMessage());
    }
    err.println(
        "tokentap: listening on http://" + hostPort() + ", forwarding to " + options.upstream());
  }

  private String hostPort() {
    return options.listen().getHostString() + ":" + options.listen().getPort();
  }

  /** Blocks until {@link #stop()} has finished. */
  void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops accepting, lets running exchanges finish (bounded), flushes and closes the store. */
  void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      if (forwarder != null) {
        forwarder.stop(STOP_GRACE);
      }
    } finally {
      stopped.countDown();
    }
  }
}
