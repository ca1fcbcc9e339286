package dev.tokentap.app;

import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.forward.Forwarder;
import dev.tokentap.forward.ForwarderSettings;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.Exchange;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires the parts together and owns their start and stop order: the store first (it holds the
 * data-dir lock), then the recorder, then the forwarder; stopping goes the other way round.
 */
final class TokenTap {

  /** How long running exchanges may take to finish when TokenTap is asked to stop. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private ExchangeStore store;
  private Recorder recorder;
  private Forwarder forwarder;

  TokenTap(Options options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  void start() throws StartupException {
    try {
      store = ExchangeStore.open(options.dataDir());
    } catch (StoreException e) {
      throw new StartupException(e.getMessage());
    }
    CapturePolicy capture =
        CapturePolicy.DEFAULT
            .withCapturesEnabled(options.capture())
            .withBodyCapBytes(options.captureCap());
    recorder =
        store.startRecorder(
            RecorderSettings.defaults()
                .withCapture(capture)
                .withRetention(options.retention().toPolicy()));
    AtomicLong ids = new AtomicLong(store.maxId());
    ExchangeListener record =
        new ExchangeListener() {
          @Override
          public void finished(Exchange exchange) {
            recorder.offer(exchange);
          }
        };
    ExchangeListener listener =
        options.headless() ? ExchangeListener.all(record, new HeadlessLog(out)) : record;
    ForwarderSettings settings =
        ForwarderSettings.of(options.listen(), options.upstream())
            .withCaptureCap(options.capture() ? options.captureCap() : 0);
    forwarder = new Forwarder(settings, new MetricsMeterFactory(), listener, ids::incrementAndGet);
    try {
      forwarder.start();
    } catch (BindException e) {
      closeStore();
      throw new StartupException(
          "cannot listen on "
              + hostPort()
              + ": the port is in use or the address is not on this machine."
              + " Stop the program using it, or choose another with --listen HOST:PORT.");
    } catch (IOException e) {
      closeStore();
      throw new StartupException(
          "cannot listen on " + hostPort() + ": " + e.getMessage() + " (see --listen HOST:PORT)");
    }
    err.println(
        "tokentap: listening on http://"
            + hostPort(forwarder.address())
            + ", forwarding to "
            + options.upstream()
            + "; history in "
            + store.databaseFile());
    Thread.ofVirtual().name("tokentap-upstream-check").start(this::warnIfUpstreamIsDown);
  }

  /** A first-run hint: a user who forgot to start the model server learns it at once. */
  private void warnIfUpstreamIsDown() {
    URI upstream = options.upstream();
    int port =
        upstream.getPort() >= 0
            ? upstream.getPort()
            : upstream.getScheme().equals("https") ? 443 : 80;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(upstream.getHost(), port), 1_000);
    } catch (IOException e) {
      err.println(
          "tokentap: nothing answers at "
              + upstream
              + " yet: start your model server there (llama-server listens on 8080 by default),"
              + " or point --upstream at it. Until then clients get 502 upstream_unavailable.");
    }
  }

  /** The address the forwarder is bound to (the real port when 0 was asked for). */
  InetSocketAddress listenAddress() {
    return forwarder.address();
  }

  private String hostPort() {
    return hostPort(options.listen());
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** Blocks until {@link #stop()} has finished. */
  void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops accepting, lets running exchanges finish (bounded by {@link #STOP_GRACE}), writes what
   * the recorder still holds and closes the store. Safe to call more than once.
   */
  synchronized void stop() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      if (forwarder != null) {
        forwarder.stop(STOP_GRACE);
      }
      if (recorder != null) {
        closeStore();
        long written = recorder.writtenCount();
        long dropped = recorder.droppedCount();
        long failed = recorder.failedCount();
        err.println(
            "tokentap: stopped; "
                + written
                + (written == 1 ? " exchange" : " exchanges")
                + " recorded this run"
                + (dropped + failed > 0
                    ? " (" + dropped + " dropped, " + failed + " failed)"
                    : ""));
      }
    } finally {
      stopped.countDown();
    }
  }

  private void closeStore() {
    if (store != null) {
      store.close();
    }
  }
}
