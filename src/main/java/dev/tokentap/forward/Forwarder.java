package dev.tokentap.forward;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokentap.model.ExchangeMeter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The local HTTP forwarder: accepts clients on the listen address and passes every request to the
 * upstream model server, one virtual thread per exchange. It never waits for anything but the two
 * sockets: metrics, capture and listeners run on the side.
 */
public final class Forwarder implements AutoCloseable {

  static {
    // HttpServer leaves Nagle's algorithm on unless told otherwise: a small SSE event would then
    // wait for the client's delayed ACK (tens of ms). Read once, when HttpServer is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ForwarderSettings settings;
  private final ExchangeMeter.Factory meters;
  private final ExchangeListener listener;
  private final LongSupplier ids;
  private final Map<Long, ExchangeRun> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final UpstreamClient upstreamClient;
  private volatile URI upstream;
  private HttpServer server;

  /**
   * @param ids gives each exchange its id; must increase and never repeat across restarts
   */
  public Forwarder(
      ForwarderSettings settings,
      ExchangeMeter.Factory meters,
      ExchangeListener listener,
      LongSupplier ids) {
    this.settings = settings;
    this.meters = meters;
    this.listener = listener;
    this.ids = ids;
    this.upstream = settings.upstream();
    this.upstreamClient = new UpstreamClient(settings);
  }

  /**
   * Binds the listen address and starts accepting.
   *
   * @throws IOException when the address cannot be bound (port taken, no such address)
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    HttpServer s = HttpServer.create(settings.listen(), 1024);
    s.createContext("/", this::handle);
    s.setExecutor(threads);
    s.start();
    server = s;
  }

  private void handle(HttpExchange http) {
    ExchangeRun run =
        new ExchangeRun(
            ids.getAsLong(),
            http,
            upstream,
            upstreamClient,
            settings.captureCap(),
            meters,
            listener);
    inFlight.put(run.id(), run);
    try {
      run.run(http);
    } finally {
      inFlight.remove(run.id());
    }
  }

  /** The address actually bound (useful with port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public URI upstream() {
    return upstream;
  }

  /** Sends requests that arrive from now on to {@code newUpstream}; running ones carry on. */
  public void setUpstream(URI newUpstream) {
    this.upstream = newUpstream;
  }

  /** The exchanges running now, oldest first. */
  public List<InFlightExchange> inFlight() {
    return inFlight.values().stream()
        .sorted(java.util.Comparator.comparingLong(ExchangeRun::id))
        .map(InFlightExchange.class::cast)
        .toList();
  }

  /** Cancels one running exchange; false when it is not (or no longer) running. */
  public boolean cancel(long id) {
    ExchangeRun run = inFlight.get(id);
    if (run == null) {
      return false;
    }
    run.cancel();
    return true;
  }

  /**
   * Stops accepting, lets running exchanges finish for up to {@code grace}, then cuts the rest
   * (they are recorded as aborted) and waits briefly until each has been handed to the listener.
   */
  public synchronized void stop(Duration grace) {
    if (server == null) {
      return;
    }
    HttpServer s = server;
    server = null;
    // HttpServer.stop closes the listening socket at once, then waits for running exchanges.
    int stopSeconds = (int) Math.min(Integer.MAX_VALUE, grace.toSeconds() + 3);
    Thread stopper = Thread.ofPlatform().name("tokentap-stop").start(() -> s.stop(stopSeconds));
    awaitNoneInFlight(grace);
    for (ExchangeRun run : inFlight.values()) {
      run.cancel("TokenTap shut down before the answer was complete");
    }
    awaitNoneInFlight(Duration.ofSeconds(2));
    // Every exchange of ours has ended. The server would still wait out its whole delay for those
    // whose connection was dropped (a client that hung up, a ConnectionAbort): the JDK counts them
    // as running forever. A second stop(0) ends its wait now.
    s.stop(0);
    try {
      stopper.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    threads.shutdown();
    upstreamClient.close();
  }

  private void awaitNoneInFlight(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
