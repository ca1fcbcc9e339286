package dev.tokentap.app;

import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.forward.ExchangeListener;
import dev.tokentap.forward.Forwarder;
import dev.tokentap.forward.ForwarderSettings;
import dev.tokentap.forward.InFlightExchange;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.Addresses;
import dev.tokentap.model.Exchange;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import dev.tokentap.store.RecorderStatus;
import dev.tokentap.store.StoreException;
import dev.tokentap.store.StoredBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Wires the parts together and owns their start and stop order: the store first (it holds the
 * data-dir lock), then the recorder, then the forwarder; stopping goes the other way round. The
 * window changes the listen address, the upstream and recording through it while it runs.
 */
final class TokenTap {

  /** How long running exchanges may take to finish when TokenTap is asked to stop. */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final ExchangeListener watcher;
  private final Consumer<StoredBatch> onStored;
  private final Consumer<RecorderStatus> onRecorderStatus;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean recording = new AtomicBoolean(true);
  private ExchangeStore store;
  private Recorder recorder;
  private AtomicLong ids;
  private volatile Forwarder forwarder;
  private volatile URI upstream;
  private DemoMode demo;
  private double demoTimeScale = 1.0;
  private HeadlessLog headlessLog;
  private final FleetWiring fleet;
  private final ConversationWiring conversations = new ConversationWiring();

  TokenTap(Options options, PrintStream out, PrintStream err) {
    this(options, out, err, ExchangeListener.NONE, batch -> {}, status -> {});
  }

  /**
   * @param watcher also hears every recorded exchange (the window)
   * @param onStored gets the rows of each committed batch, on the recorder thread
   * @param onRecorderStatus hears when recording stops (a full disk...) and starts again, on the
   *     recorder thread; each of those is also printed as one line on {@code err}
   */
  TokenTap(
      Options options,
      PrintStream out,
      PrintStream err,
      ExchangeListener watcher,
      Consumer<StoredBatch> onStored,
      Consumer<RecorderStatus> onRecorderStatus) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.fleet = new FleetWiring(err);
    this.watcher = watcher;
    this.onStored = onStored;
    this.onRecorderStatus = onRecorderStatus;
    this.upstream = options.upstream();
  }

  /** Opens the store and starts forwarding; on failure nothing stays open. */
  void start() throws StartupException {
    openStore();
    try {
      startForwarder();
    } catch (StartupException e) {
      fleet.closeMetrics();
      closeStore();
      fleet.closeSpans();
      closeDemo();
      throw e;
    }
  }

  /** Opens the store and starts the recorder (with {@code --demo}: the demo's first). */
  void openStore() throws StartupException {
    openStore(line -> {});
  }

  /**
   * As {@link #openStore()}; a long migration's progress lines go to stderr and to {@code
   * progress}.
   */
  void openStore(Consumer<String> progress) throws StartupException {
    if (options.demo() && demo == null) {
      demo = DemoMode.start(demoTimeScale);
      options = options.forDemo(demo.dataDir(), demo.server().url());
      upstream = options.upstream();
    }
    try {
      store =
          ExchangeStore.open(
              options.dataDir(),
              line -> {
                err.println("tokentap: " + line);
                progress.accept(line);
              });
    } catch (StoreException e) {
      closeDemo();
      throw new StartupException(e.getMessage(), e);
    }
    if (store.privacyNote() != null) {
      err.println("tokentap: " + store.privacyNote());
    }
    CapturePolicy capture =
        CapturePolicy.DEFAULT
            .withCapturesEnabled(options.capture())
            .withBodyCapBytes(options.captureCap());
    recorder =
        store.startRecorderLinking(
            RecorderSettings.defaults()
                .withCapture(capture)
                .withRetention(options.retention().toPolicy())
                .withOnBatch(onStored)
                .withOnStatus(onRecorderStatus)
                .withLogger(new LineLogger(err)),
            conversations.linker(store));
    ids = new AtomicLong(store.maxId());
    fleet.startSpans(options);
  }

  /** Conversations and cache misses: the Server tab's reads go here. */
  ConversationWiring conversations() {
    return conversations;
  }

  /** Whether this is a {@code --demo} run. */
  boolean demo() {
    return options.demo();
  }

  /** With {@code --demo}: multiplies the demo's waits (tests run it faster); before start. */
  void demoTimeScale(double scale) {
    demoTimeScale = scale;
  }

  /** The demo's data dir (deleted at stop), or null. */
  Path demoDataDir() {
    return demo == null ? null : demo.dataDir();
  }

  /** The open store (after {@link #openStore}). */
  ExchangeStore store() {
    return store;
  }

  /** Where {@code /metrics} is served (the real port when 0 was asked for); null if nowhere. */
  InetSocketAddress metricsAddress() {
    return fleet.metricsAddress();
  }

  /** Starts listening on the configured address (and serving {@code /metrics}, if asked). */
  void startForwarder() throws StartupException {
    fleet.startMetrics(options, recorder);
    Forwarder f = newForwarder(options.listen());
    forwarder = f;
    err.println(
        "tokentap: listening on http://"
            + Addresses.hostPort(f.address())
            + ", forwarding to "
            + CaptureRedactor.redactText(upstream.toString())
            + "; history in "
            + store.databaseFile());
    if (demo != null) {
      err.println(
          "tokentap: DEMO: the upstream is a built-in simulated llama-server and a generator"
              + " sends it a request every 1-4 s; this history is temporary and is deleted on exit");
      demo.startTraffic(this::listenAddress);
    } else {
      Thread.ofVirtual().name("tokentap-upstream-check").start(this::warnIfUpstreamIsDown);
    }
  }

  private Forwarder newForwarder(InetSocketAddress listen) throws StartupException {
    ExchangeListener record =
        new ExchangeListener() {
          @Override
          public void started(InFlightExchange exchange) {
            if (recording.get()) {
              watcher.started(exchange);
            }
          }

          @Override
          public void progressed(InFlightExchange exchange) {
            if (recording.get()) {
              watcher.progressed(exchange);
            }
          }

          @Override
          public void finished(Exchange exchange) {
            if (recording.get()) {
              recorder.offer(exchange);
              fleet.recorded(exchange);
              watcher.finished(exchange);
            }
          }
        };
    if (options.headless() && headlessLog == null) {
      headlessLog = new HeadlessLog(out, options.demo() ? "DEMO " : "");
    }
    ExchangeListener listener =
        headlessLog != null ? ExchangeListener.all(record, headlessLog) : record;
    listener = fleet.counting(listener);
    ForwarderSettings settings =
        ForwarderSettings.of(listen, upstream)
            .withCaptureCap(options.capture() ? options.captureCap() : 0);
    Forwarder f =
        new Forwarder(settings, new MetricsMeterFactory(), listener, ids::incrementAndGet);
    try {
      f.start();
      return f;
    } catch (BindException e) {
      throw new StartupException(
          "cannot listen on "
              + Addresses.hostPort(listen)
              + ": the port is in use or the address is not on this machine."
              + " Stop the program using it, or choose another with --listen HOST:PORT.");
    } catch (IOException e) {
      throw new StartupException(
          "cannot listen on "
              + Addresses.hostPort(listen)
              + ": "
              + e.getMessage()
              + " (see --listen HOST:PORT)");
    }
  }

  /**
   * Listens on {@code address} from now on; exchanges running on the old address finish there.
   *
   * @throws StartupException when {@code address} cannot be used (the old one stays)
   */
  void changeListen(InetSocketAddress address) throws StartupException {
    Forwarder old = forwarder;
    forwarder = newForwarder(address);
    if (old != null) {
      Thread.ofVirtual().name("tokentap-old-listener").start(() -> old.stop(STOP_GRACE));
    }
  }

  /** New exchanges go to {@code newUpstream}. */
  void changeUpstream(URI newUpstream) {
    upstream = newUpstream;
    Forwarder f = forwarder;
    if (f != null) {
      f.setUpstream(newUpstream);
    }
  }

  URI upstream() {
    return upstream;
  }

  /** Where the window's replays go: this recorder and these ids, while recording is on. */
  ReplayRecording replayRecording() {
    return new ReplayRecording(ids::incrementAndGet, recorder, recording::get);
  }

  /** Bytes kept of each body (0: no captures), for replays as for forwarded exchanges. */
  int captureCap() {
    return options.capture() ? options.captureCap() : 0;
  }

  /** Whether new exchanges are recorded (and shown); they are forwarded either way. */
  void setRecording(boolean on) {
    recording.set(on);
  }

  /** The address the forwarder is bound to (the real port when 0 was asked for); null if none. */
  InetSocketAddress listenAddress() {
    Forwarder f = forwarder;
    return f == null ? null : f.address();
  }

  /** A first-run hint: a user who forgot to start the model server learns it at once. */
  private void warnIfUpstreamIsDown() {
    URI target = upstream;
    int port =
        target.getPort() >= 0 ? target.getPort() : target.getScheme().equals("https") ? 443 : 80;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(target.getHost(), port), 1_000);
    } catch (IOException e) {
      err.println(
          "tokentap: nothing answers at "
              + CaptureRedactor.redactText(target.toString())
              + " yet: start your model server there (llama-server listens on 8080 by default),"
              + " or point --upstream at it. Until then clients get 502 upstream_unavailable.");
    }
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
      if (demo != null) {
        demo.stopSimulation();
      }
      Forwarder f = forwarder;
      if (f != null) {
        f.stop(STOP_GRACE);
      }
      if (headlessLog != null) {
        headlessLog.close(); // every line printed before the closing one
      }
      fleet.closeSpans();
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
      fleet.closeMetrics();
      closeDemo();
      stopped.countDown();
    }
  }

  private void closeDemo() {
    if (demo != null) {
      try {
        demo.close();
      } catch (RuntimeException e) {
        err.println("tokentap: " + e.getMessage());
      }
    }
  }

  private void closeStore() {
    if (store != null) {
      store.close();
    }
  }
}
