package dev.tokentap.app;

import dev.tokentap.demo.DemoServer;
import dev.tokentap.demo.DemoTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code --demo}: a temporary data dir, the simulated model server as the upstream, and the traffic
 * generator. {@link TokenTap} starts it before its store and stops it after, so demo exchanges
 * never touch the real history.
 */
final class DemoMode implements AutoCloseable {

  private final Path dataDir;
  private final DemoServer server;
  private final double timeScale;
  private DemoTraffic traffic;

  private DemoMode(Path dataDir, DemoServer server, double timeScale) {
    this.dataDir = dataDir;
    this.server = server;
    this.timeScale = timeScale;
  }

  /**
   * Makes the data dir and starts the server.
   *
   * @param timeScale 1 for real time; tests run faster
   */
  static DemoMode start(double timeScale) throws StartupException {
    Path dir;
    try {
      dir = Files.createTempDirectory("tokentap-demo-");
    } catch (IOException | UnsupportedOperationException e) {
      throw new StartupException(
          "cannot make a temporary data dir for the demo in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage());
    }
    try {
      return new DemoMode(dir, DemoServer.start(timeScale, System.nanoTime()), timeScale);
    } catch (IOException e) {
      deleteTree(dir);
      throw new StartupException("cannot start the demo's simulated server: " + e.getMessage());
    }
  }

  Path dataDir() {
    return dataDir;
  }

  DemoServer server() {
    return server;
  }

  /** Starts sending requests to wherever {@code listen} says TokenTap listens. */
  void startTraffic(Supplier<InetSocketAddress> listen) {
    if (traffic == null) {
      traffic = DemoTraffic.start(listen, timeScale, System.nanoTime());
    }
  }

  /**
   * Stops the traffic (hanging up on running requests) and the server (breaking off its answers),
   * so that TokenTap, still forwarding, has nothing left to wait for when it stops.
   */
  void stopSimulation() {
    if (traffic != null) {
      traffic.close();
    }
    server.close();
  }

  /** Stops everything and deletes the data dir (after TokenTap has closed its store). */
  @Override
  public void close() {
    stopSimulation();
    deleteTree(dataDir);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the demo's data dir " + dir, e);
    }
  }
}
