package dev.tokentap.app;

import dev.tokentap.replay.Replayer;
import dev.tokentap.server.ServerHttp;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The real app as the command line wires it ({@code --headless}), started in this JVM on a free
 * loopback port, for tests outside this package (the live tier, {@code dev.tokentap.live}).
 */
public final class InProcessTokenTap implements AutoCloseable {
  private final TokenTap app;

  private InProcessTokenTap(TokenTap app) {
    this.app = app;
  }

  /** TokenTap with {@code dataDir} as its data dir, forwarding to {@code upstreamUrl}. */
  public static InProcessTokenTap start(Path dataDir, String upstreamUrl) throws Exception {
    return new InProcessTokenTap(HeadlessTokenTap.start(dataDir, upstreamUrl, System.out));
  }

  public int port() {
    return app.listenAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The running app's store (the same SQLite file the window and exports read). */
  public ExchangeStore store() {
    return app.store();
  }

  /**
   * Waits until the recorder has written at least {@code count} exchanges, then returns all of
   * them, oldest first.
   */
  public List<StoredExchange> awaitRecorded(int count, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (store().count() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return recorded();
  }

  /** Every exchange written so far, oldest first. */
  public List<StoredExchange> recorded() {
    return store().recent(100_000).stream()
        .sorted(Comparator.comparingLong(StoredExchange::id))
        .toList();
  }

  /** Replays as the window's Replay... does (the same wiring), with {@code http} as its client. */
  public Replayer replayer(ServerHttp http) {
    return ReplayWiring.replayer(app, http);
  }

  @Override
  public void close() {
    app.stop();
  }
}
