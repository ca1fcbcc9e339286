package dev.tokentap.app;

import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import dev.tokentap.testing.SyntheticStore;
import dev.tokentap.ui.activity.ActivityItem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

/**
 * Benchmark (a program, not a test): the window under traffic, on a store of {@code args[0]}
 * exchanges (default 100,000). {@code args[1]} a number N (default 1,000): a burst of N exchanges
 * in one second through the forwarder; prints the gaps between FX pulses while they arrive and
 * until the window has caught up, and the time until the activity table and the summary show all of
 * them (after ten such bursts unmeasured, to warm the JVM up). {@code args[1]} {@code steady}: the
 * idle window for 10 s as the reference, then a realistic load of about 20 exchanges a second with
 * 8 streams always running; prints the gaps between FX pulses over 30 s after three minutes of
 * warm-up. Both print each thread group's CPU and the UI threads' wait for a CPU. Run it as
 * docs/benchmarks.md says (headless Monocle, or a real display with {@code -Dgui}).
 */
public final class WindowBenchmark {

  private static final long SPREAD_NANOS = 1_000_000_000L;
  private static final int CLIENTS = 20;
  private static final int STREAMS_EVERY = 10;
  private static final int STEADY_STREAMS = 8;
  private static final double STEADY_STREAM_SCALE = 10;
  private static final double STEADY_RATE = 20;
  // -DwarmUpFloods=30: after ten, the JIT compilers still took 80-130 ms a second of the burst
  private static final int WARM_UP_FLOODS = Integer.getInteger("warmUpFloods", 10);
  // three minutes: after 10 s the JIT compilers still took 13 % of a core through the measured
  // 30 s, after 60 s 45-49 ms a second, after 180 s 12-20
  private static final int STEADY_WARM_UP_S = Integer.getInteger("steadyWarmUpS", 180);
  private static final int STEADY_MEASURED_S = 30;
  private static final int STEADY_IDLE_S = 10;

  public static void main(String[] args) throws Exception {
    int history = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String mode = args.length > 1 ? args[1] : "1000";
    Path dataDir = Files.createTempDirectory("tokentap-window-bench");
    if (history > 0) {
      // one exchange a second, ending 31 days ago: the table pages a big store, and the summary of
      // the last 24 hours counts only the new exchanges
      long end = System.currentTimeMillis() - 31L * 24 * 3600 * 1000;
      SyntheticStore.create(dataDir, history, end - history * 1000L);
    }
    Fixture plain = Fixture.load("chat_nonstream");
    Fixture stream = Fixture.load("chat_stream");
    try (ReplayUpstream upstream = new ReplayUpstream().answeringHealthChecks()) {
      if (mode.equals("steady")) {
        upstream.answering(
            r ->
                new String(r.body(), StandardCharsets.UTF_8).contains("\"stream\": true")
                    ? Reply.of(stream).scaled(STEADY_STREAM_SCALE)
                    : Reply.of(plain).scaled(0));
      } else {
        // the warm-up floods, then the measured one
        for (int i = 0; i < (WARM_UP_FLOODS + 1) * Integer.parseInt(mode); i++) {
          upstream.enqueue(
              i % STREAMS_EVERY == 0 ? Reply.of(stream).scaled(0.2) : Reply.of(plain).scaled(0));
        }
      }
      Options options =
          Cli.options(
              new String[] {
                "--listen", "127.0.0.1:0", "--upstream", upstream.url(), "--data-dir", dataDir + ""
              },
              Map.of());
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      DesktopApp app = DesktopApp.start(options, quiet, quiet);
      Thread.sleep(2_000); // let the window settle (first layout, first health check)
      if (mode.equals("steady")) {
        steady(app, history, plain, stream);
      } else {
        burst(app, history, Integer.parseInt(mode), plain, stream);
      }
      app.close();
    }
    Platform.exit();
  }

  /**
   * {@code exchanges} due over one second, {@link #WARM_UP_FLOODS} times unmeasured and once
   * measured; then jumps through the history.
   */
  private static void burst(
      DesktopApp app, int history, int exchanges, Fixture plain, Fixture stream) throws Exception {
    int port = app.tokenTap().listenAddress().getPort();
    // warm-up: the same flood, unmeasured, until the window shows it (a window that has run a
    // while has its code compiled and its cells created; after one flood the JIT compilers still
    // took a third of the machine during the measured one)
    AtomicInteger failed = new AtomicInteger();
    for (int w = 1; w <= WARM_UP_FLOODS; w++) {
      flood(port, exchanges, plain, stream, System.nanoTime(), failed);
      waitUntil(
          app,
          System.nanoTime(),
          String.format(Locale.ROOT, "%,d exchanges", history + w * exchanges),
          "status-line");
      Thread.sleep(2_000);
    }

    PulseGaps gaps = new PulseGaps();
    Platform.runLater(gaps::start);
    long t0 = System.nanoTime();
    flood(port, exchanges, plain, stream, t0, failed);
    long sentNanos = System.nanoTime() - t0;
    long tableNanos =
        waitUntil(
            app,
            t0,
            String.format(Locale.ROOT, "%,d exchanges", history + (WARM_UP_FLOODS + 1) * exchanges),
            "status-line");
    long tilesNanos =
        waitUntil(
            app,
            t0,
            String.format(Locale.ROOT, "%,d", (WARM_UP_FLOODS + 1) * exchanges),
            "tile-requests");
    stop(gaps);
    Thread.sleep(500);
    double[] scroll = scrollThroughHistory(app);

    System.out.printf(
        Locale.ROOT,
        "window benchmark: %,d exchanges already stored; %d more (every %dth a stream, %d"
            + " keep-alive clients) sent in %.0f ms, %d clients failed%n",
        history,
        exchanges,
        STREAMS_EVERY,
        CLIENTS,
        sentNanos / 1e6,
        failed.get());
    System.out.println("  " + gaps);
    System.out.println("  CPU ms per second by thread: " + gaps.busiestThreads());
    System.out.printf(
        Locale.ROOT,
        "  table shows all %d: %.0f ms after the first request%n",
        exchanges,
        tableNanos / 1e6);
    System.out.println(
        tilesNanos < 0
            ? "  summary tiles: not in this build"
            : String.format(
                Locale.ROOT,
                "  summary tiles show all %d: %.0f ms after the first request",
                exchanges,
                tilesNanos / 1e6));
    System.out.printf(
        Locale.ROOT,
        "  scrolling: jump to the middle shown in %.0f ms, to the end in %.0f ms, back to the"
            + " top in %.0f ms; longest FX gap while scrolling %.1f ms%n",
        scroll[0],
        scroll[1],
        scroll[2],
        scroll[3]);
  }

  /**
   * A realistic load: {@value #STEADY_STREAMS} streams always running (each about 4.9 s, its line
   * ticking) and short exchanges besides, about {@value #STEADY_RATE} exchanges a second in all;
   * {@code -DsteadyWarmUpS} (180) s unmeasured, then {@value #STEADY_MEASURED_S} s measured.
   */
  private static void steady(DesktopApp app, int history, Fixture plain, Fixture stream)
      throws Exception {
    int port = app.tokenTap().listenAddress().getPort();
    // the reference: the same window with no traffic, its pulses as even as the machine allows
    PulseGaps idle = new PulseGaps();
    Platform.runLater(idle::start);
    Thread.sleep(STEADY_IDLE_S * 1000L);
    stop(idle);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < STEADY_STREAMS; c++) {
      clients.add(Thread.ofVirtual().start(() -> loop(port, stream, 0, running, sent, failed)));
    }
    // the streams end about 8 / 4.9 times a second; short exchanges make up the rest
    double streamsPerSecond = STEADY_STREAMS / (0.492 * STEADY_STREAM_SCALE);
    long plainEveryNanos =
        (long) (2 * 1e9 / (STEADY_RATE - streamsPerSecond)); // two clients share them
    for (int c = 0; c < 2; c++) {
      clients.add(
          Thread.ofVirtual()
              .start(() -> loop(port, plain, plainEveryNanos, running, sent, failed)));
    }
    Thread.sleep(STEADY_WARM_UP_S * 1000L);
    PulseGaps gaps = new PulseGaps();
    Platform.runLater(gaps::start);
    int before = sent.get();
    long t0 = System.nanoTime();
    Thread.sleep(STEADY_MEASURED_S * 1000L);
    int during = sent.get() - before;
    double seconds = (System.nanoTime() - t0) / 1e9;
    stop(gaps);
    running.set(false);
    for (Thread t : clients) {
      t.join();
    }
    System.out.printf(
        Locale.ROOT,
        "window benchmark, steady: %,d exchanges already stored; %.1f exchanges/s for %.0f s"
            + " (%d streams always running, each %.1f s, and short exchanges), %d clients"
            + " failed%n",
        history,
        during / seconds,
        seconds,
        STEADY_STREAMS,
        0.492 * STEADY_STREAM_SCALE,
        failed.get());
    System.out.println("  under the load: " + gaps);
    System.out.println("  CPU ms per second by thread: " + gaps.busiestThreads());
    System.out.printf(
        Locale.ROOT, "  idle window, %d s before the load: %s%n", STEADY_IDLE_S, idle);
  }

  /** One keep-alive client sending {@code f} again and again, one every {@code everyNanos}. */
  private static void loop(
      int port,
      Fixture f,
      long everyNanos,
      AtomicBoolean running,
      AtomicInteger sent,
      AtomicInteger failed) {
    try (RawClient client = new RawClient(port)) {
      long next = System.nanoTime();
      while (running.get()) {
        client.send(f.requestBytes());
        client.read(false);
        sent.incrementAndGet();
        next += everyNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          sleepNanos(wait);
        }
      }
    } catch (Exception e) {
      failed.incrementAndGet();
    }
  }

  private static void stop(PulseGaps gaps) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          gaps.stop();
          stopped.countDown();
        });
    stopped.await();
  }

  /**
   * Nanoseconds from {@code t0} until the label with {@code id} starts with {@code text} (watched
   * with a listener, so the measuring adds no work to the FX thread); -1 when there is no such
   * label.
   */
  private static long waitUntil(DesktopApp app, long t0, String text, String id) throws Exception {
    CountDownLatch shown = new CountDownLatch(1);
    AtomicLong at = new AtomicLong(-1);
    AtomicReference<Label> label = new AtomicReference<>();
    CountDownLatch found = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          if (app.stage().getScene().lookup("#" + id) instanceof Label l) {
            label.set(l);
            l.textProperty()
                .subscribe(
                    t -> {
                      if (t != null && t.startsWith(text) && at.get() < 0) {
                        at.set(System.nanoTime() - t0);
                        shown.countDown();
                      }
                    });
          }
          found.countDown();
        });
    found.await();
    if (label.get() == null) {
      return -1;
    }
    if (!shown.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "the window did not show " + text + " within 60 s; it shows " + label.get().getText());
    }
    return at.get();
  }

  /** Sends {@code n} exchanges due over one second from {@code t0}, from 20 keep-alive clients. */
  private static void flood(
      int port, int n, Fixture plain, Fixture stream, long t0, AtomicInteger failed)
      throws InterruptedException {
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int first = c;
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (RawClient client = new RawClient(port)) {
                      for (int i = first; i < n; i += CLIENTS) {
                        long wait = t0 + SPREAD_NANOS * i / n - System.nanoTime();
                        if (wait > 0) {
                          sleepNanos(wait);
                        }
                        client.send((i % STREAMS_EVERY == 0 ? stream : plain).requestBytes());
                        client.read(false);
                      }
                    } catch (Exception e) {
                      failed.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : senders) {
      t.join();
    }
  }

  /**
   * Jumps the table to the middle, the end and the top of the history; for each, the milliseconds
   * until every visible row is read, and at the end the longest FX pulse gap meanwhile.
   */
  private static double[] scrollThroughHistory(DesktopApp app) throws Exception {
    PulseGaps gaps = new PulseGaps();
    Platform.runLater(gaps::start);
    double[] ms = new double[4];
    for (int step = 0; step < 3; step++) {
      int s = step;
      long t = System.nanoTime();
      onFx(
          () -> {
            TableView<?> table = (TableView<?>) app.stage().getScene().lookup("#activity-table");
            int size = table.getItems().size();
            table.scrollTo(s == 0 ? size / 2 : s == 1 ? size - 1 : 0);
          });
      while (!onFx(() -> visibleRowsLoaded(app))) {
        Thread.sleep(2);
      }
      ms[step] = (System.nanoTime() - t) / 1e6;
    }
    onFx(
        () -> {
          gaps.stop();
          return null;
        });
    ms[3] = gaps.longestMs();
    return ms;
  }

  private static boolean visibleRowsLoaded(DesktopApp app) {
    for (javafx.scene.Node n : app.stage().getScene().getRoot().lookupAll(".table-row-cell")) {
      if (n instanceof javafx.scene.control.TableRow<?> row
          && row.getItem() instanceof ActivityItem item
          && item.row().isLoading()) {
        return false;
      }
    }
    return true;
  }

  private static void onFx(Runnable r) throws Exception {
    onFx(
        () -> {
          r.run();
          return null;
        });
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
    java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(c);
    Platform.runLater(task);
    return task.get(60, TimeUnit.SECONDS);
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The time between consecutive FX pulses, recorded by an AnimationTimer; and the CPU time the FX
   * thread and the renderer used meanwhile (less sensitive than the gaps to other load on the
   * machine).
   */
  private static final class PulseGaps extends AnimationTimer {
    // the threads' names as Linux has them (15 characters)
    private static final String FX_THREAD = "JavaFX Applicat";
    private static final String RENDERER = "QuantumRenderer";
    private static final String PULSE_TIMER = "Monocle Timer";

    private final List<Long> gaps = new ArrayList<>();
    private final List<String> longGaps = new ArrayList<>();
    // the JVM's uptime in ms minus nanoTime in ms: long gaps are told by uptime, as -Xlog's are
    private final double uptimeOffsetMs =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
            - System.nanoTime() / 1e6;
    private long last;
    private long startNanos;
    private long stopNanos;
    private Map<String, Long> groupsAtStart = Map.of();
    private Map<String, Long> groupsAtStop = Map.of();
    private Map<String, Long> waitAtStart = Map.of();
    private Map<String, Long> waitAtStop = Map.of();

    @Override
    public void start() {
      waitAtStart = schedstat(1);
      groupsAtStart = schedstat(0);
      startNanos = System.nanoTime();
      super.start();
    }

    @Override
    public void stop() {
      super.stop();
      stopNanos = System.nanoTime();
      waitAtStop = schedstat(1);
      groupsAtStop = schedstat(0);
    }

    /**
     * One field of Linux's schedstat for all the process's threads (the JVM's own too: compilers,
     * collectors), summed by thread name without its numbers; empty elsewhere. Field 0: nanoseconds
     * on a CPU; field 1: nanoseconds waiting for one while ready to run (how much the rest of the
     * machine held the thread back).
     */
    private static Map<String, Long> schedstat(int field) {
      Map<String, Long> sums = new java.util.HashMap<>();
      try (var tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : tasks.toList()) {
          String group = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
          String[] stat = Files.readString(task.resolve("schedstat")).strip().split(" ");
          sums.merge(group, Long.parseLong(stat[field]), Long::sum);
        }
      } catch (java.io.IOException | RuntimeException e) {
        return Map.of();
      }
      return sums;
    }

    /** The thread groups that used the most CPU while measured, ms per second. */
    String busiestThreads() {
      double seconds = (stopNanos - startNanos) / 1e9;
      return groupsAtStop.entrySet().stream()
          .map(
              e ->
                  Map.entry(
                      e.getKey(),
                      (e.getValue() - groupsAtStart.getOrDefault(e.getKey(), 0L)) / 1e6 / seconds))
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(8)
          .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
          .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Milliseconds waited for a CPU per second of wall time, as {@link #cpuMsPerSecond}. */
    double waitMsPerSecond(String name) {
      long waited = waitAtStop.getOrDefault(name, 0L) - waitAtStart.getOrDefault(name, 0L);
      return waited / 1e6 / ((stopNanos - startNanos) / 1e9);
    }

    /** Milliseconds of CPU per second of wall time the thread {@code name} used while measured. */
    double cpuMsPerSecond(String name) {
      long used = groupsAtStop.getOrDefault(name, 0L) - groupsAtStart.getOrDefault(name, 0L);
      return used / 1e6 / ((stopNanos - startNanos) / 1e9);
    }

    @Override
    public void handle(long now) {
      if (last != 0) {
        gaps.add(now - last);
        if (now - last > 33_000_000L) {
          longGaps.add(
              String.format(
                  Locale.ROOT,
                  "%.1f ms ending at %.3f s",
                  (now - last) / 1e6,
                  (now / 1e6 + uptimeOffsetMs) / 1e3));
        }
      }
      last = now;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "JVM uptime %.1f-%.1f s: FX pulses: %d, longest gap %.1f ms, p99 gap %.1f ms, p95 %.1f ms, gaps over 17 ms: %d"
              + " (17-20: %d, 20-33: %d, 33-50: %d, over 50: %d);"
              + " CPU per second: FX thread %.0f ms, renderer %.0f ms;"
              + " waiting for a CPU per second: FX thread %.1f ms, renderer %.1f ms, pulse timer"
              + " %.1f ms; gaps over 33 ms (JVM uptime): %s",
          (startNanos / 1e6 + uptimeOffsetMs) / 1e3,
          (stopNanos / 1e6 + uptimeOffsetMs) / 1e3,
          gaps.size(),
          longestMs(),
          percentileMs(0.99),
          percentileMs(0.95),
          over(17),
          over(17) - over(20),
          over(20) - over(33),
          over(33) - over(50),
          over(50),
          cpuMsPerSecond(FX_THREAD),
          cpuMsPerSecond(RENDERER),
          waitMsPerSecond(FX_THREAD),
          waitMsPerSecond(RENDERER),
          waitMsPerSecond(PULSE_TIMER),
          longGaps.isEmpty() ? "none" : String.join(", ", longGaps));
    }

    double longestMs() {
      return gaps.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }

    long over(double ms) {
      return gaps.stream().filter(g -> g > ms * 1e6).count();
    }

    double percentileMs(double p) {
      List<Long> sorted = gaps.stream().sorted().toList();
      return sorted.isEmpty()
          ? 0
          : sorted.get((int) Math.min(sorted.size() - 1, p * sorted.size())) / 1e6;
    }
  }
}
