package dev.tokentap.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes the benchmark starts (TokenTap, nginx, wrk), so that every one of them is stopped
 * at the end, on failure and on Ctrl-C too (shutdown hook). Their pids also go to a file that the
 * wrapper script's trap reads, in case this JVM itself is killed outright.
 */
final class ChildProcesses implements AutoCloseable {
  private final List<Process> running = new CopyOnWriteArrayList<>();
  private final Path pidFile;
  private final Thread hook;

  ChildProcesses(Path pidFile) {
    this.pidFile = pidFile;
    this.hook = new Thread(this::stopAll, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    running.add(p);
    if (pidFile != null) {
      Files.writeString(
          pidFile,
          p.pid() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    }
    return p;
  }

  /** SIGTERM to the process (nginx's master then stops its workers), SIGKILL to what is left. */
  void stop(Process p) {
    stop(p, Duration.ofSeconds(5));
  }

  /** Like {@link #stop(Process)}, allowing {@code grace} for a graceful exit before SIGKILL. */
  void stop(Process p, Duration grace) {
    List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
    p.destroy();
    try {
      p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.add(p.toHandle());
    for (ProcessHandle h : family) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    running.remove(p);
  }

  void stopAll() {
    for (Process p : running) {
      stop(p);
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }

  /** A port on 127.0.0.1 that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  /** Waits until 127.0.0.1:port accepts a connection; false if the process died or time ran out. */
  static boolean awaitPort(int port, Process p, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (p != null && !p.isAlive()) {
        return false;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return true;
      } catch (IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /** CPU seconds used so far by a process and its descendants; NaN when unknown. */
  static double cpuSeconds(Process p) {
    double total = 0;
    boolean known = false;
    for (ProcessHandle h :
        java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()), p.descendants())
            .toList()) {
      Duration d = h.info().totalCpuDuration().orElse(null);
      if (d != null) {
        total += d.toNanos() / 1e9;
        known = true;
      }
    }
    return known ? total : Double.NaN;
  }

  /** The last {@code lines} lines of a text file, or "" when unreadable. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
