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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;

/**
 * Benchmark (a program, not a test): 1,000 exchanges (or {@code args[1]}) in one second through the
 * forwarder with the window open. Prints the longest gap between two FX pulses while they arrive
 * and until the window has caught up, and the time until the activity table (and the summary, when
 * it is there) show all of them. Run it as the README says (headless Monocle, or a real display
 * with {@code -Dgui}).
 */
public final class WindowBenchmark {

  private static final long SPREAD_NANOS = 1_000_000_000L;
  private static final int CLIENTS = 20;

  public static void main(String[] args) throws Exception {
    int history = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int exchanges = args.length > 1 ? Integer.parseInt(args[1]) : 1_000; // due over one second
    int streamsEvery = 10;
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
      for (int i = 0; i < 2 * exchanges; i++) { // a warm-up flood, then the measured one
        upstream.enqueue(
            i % streamsEvery == 0 ? Reply.of(stream).scaled(0.2) : Reply.of(plain).scaled(0));
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
      int port = app.tokenTap().listenAddress().getPort();
      Thread.sleep(2_000); // let the window settle (first layout, first health check)

      // warm-up: the same flood once, unmeasured (a window that has run a while has its code
      // compiled and its cells created), until the window shows it
      AtomicInteger failed = new AtomicInteger();
      flood(port, exchanges, plain, stream, streamsEvery, System.nanoTime(), failed);
      waitUntil(
          app,
          System.nanoTime(),
          String.format(Locale.ROOT, "%,d exchanges", history + exchanges),
          "status-line");
      Thread.sleep(2_000);

      PulseGaps gaps = new PulseGaps();
      Platform.runLater(gaps::start);
      long t0 = System.nanoTime();
      flood(port, exchanges, plain, stream, streamsEvery, t0, failed);
      long sentNanos = System.nanoTime() - t0;
      long tableNanos =
          waitUntil(
              app,
              t0,
              String.format(Locale.ROOT, "%,d exchanges", history + 2 * exchanges),
              "status-line");
      long tilesNanos =
          waitUntil(app, t0, String.format(Locale.ROOT, "%,d", 2 * exchanges), "tile-requests");
      double[] scroll = scrollThroughHistory(app);
      Thread.sleep(500);
      CountDownLatch stopped = new CountDownLatch(1);
      Platform.runLater(
          () -> {
            gaps.stop();
            stopped.countDown();
          });
      stopped.await();

      System.out.printf(
          Locale.ROOT,
          "window benchmark: %,d exchanges already stored; %d more (every %dth a stream, %d"
              + " keep-alive clients) sent in %.0f ms, %d clients failed%n",
          history,
          exchanges,
          streamsEvery,
          CLIENTS,
          sentNanos / 1e6,
          failed.get());
      System.out.printf(
          Locale.ROOT,
          "  FX pulses: %d, longest gap %.1f ms, gaps over 50 ms: %d, p99 gap %.1f ms%n",
          gaps.count(),
          gaps.longestMs(),
          gaps.over(50),
          gaps.percentileMs(0.99));
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
      app.close();
    }
    Platform.exit();
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
      int port,
      int n,
      Fixture plain,
      Fixture stream,
      int streamsEvery,
      long t0,
      AtomicInteger failed)
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
                        client.send((i % streamsEvery == 0 ? stream : plain).requestBytes());
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

  /** The time between consecutive FX pulses, recorded by an AnimationTimer. */
  private static final class PulseGaps extends AnimationTimer {
    private final List<Long> gaps = new ArrayList<>();
    private long last;

    @Override
    public void handle(long now) {
      if (last != 0) {
        gaps.add(now - last);
      }
      last = now;
    }

    int count() {
      return gaps.size();
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
