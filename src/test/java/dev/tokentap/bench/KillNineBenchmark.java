package dev.tokentap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a kill -9 under load loses. Each trial starts TokenTap (the jar, as a user runs it) in front
 * of a fake upstream, sends requests from {@code --clients} keep-alive connections, each with a
 * number in its query, notes when each answer arrived in full, and kills TokenTap with SIGKILL
 * after a random 2 to 4 s. Then it checks the database (integrity, and that the next start opens
 * it) and compares: every request answered but not stored is lost, and its age is the time from its
 * answer to the kill.
 *
 * <pre>
 *   src/test/bench/kill-nine.sh [--trials 10] [--clients 8]
 * </pre>
 */
public final class KillNineBenchmark {

  private KillNineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int trials = 10;
    int clients = 8;
    Path jar = Path.of("target/tokentap.jar");
    Path work = Files.createTempDirectory("tokentap-kill9");
    Path pids = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--work-dir" -> work = Path.of(args[++i]);
        case "--pid-file" -> pids = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("kill -9 under load: " + trials + " trials, " + clients + " clients");
    System.out.println(
        "machine: "
            + MachineInfo.cpus()
            + ", "
            + MachineInfo.memory()
            + ", "
            + MachineInfo.os()
            + ", "
            + MachineInfo.jdk());
    System.out.println(
        "trial  answered  stored  lost  lost-age max ms  integrity  reopens  db-files");
    long answered = 0;
    long lost = 0;
    double maxAge = 0;
    int corrupt = 0;
    Random random = new Random(9);
    try (ChildProcesses children = new ChildProcesses(pids);
        FakeUpstream upstream =
            FakeUpstream.start(new FakeUpstream.StreamShape(10, 1_000_000, 2_000_000, 1))) {
      for (int t = 1; t <= trials; t++) {
        Trial r = trial(children, jar, work.resolve("trial-" + t), upstream, clients, random);
        answered += r.answered;
        lost += r.lost;
        maxAge = Math.max(maxAge, r.maxLostAgeMs);
        corrupt += r.integrity.equals("ok") ? 0 : 1;
        System.out.printf(
            Locale.ROOT,
            "%5d  %8d  %6d  %4d  %15.1f  %-9s  %-7s  %s%n",
            t,
            r.answered,
            r.stored,
            r.lost,
            r.maxLostAgeMs,
            r.integrity,
            r.reopens,
            r.files);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "total: %d answered, %d lost (%.3f%%), every lost one answered at most %.1f ms before the"
            + " kill; %d damaged databases%n",
        answered,
        lost,
        answered == 0 ? 0 : 100.0 * lost / answered,
        maxAge,
        corrupt);
  }

  private record Trial(
      long answered,
      long stored,
      long lost,
      double maxLostAgeMs,
      String integrity,
      String reopens,
      String files) {}

  private static Trial trial(
      ChildProcesses children,
      Path jar,
      Path dir,
      FakeUpstream upstream,
      int clients,
      Random random)
      throws Exception {
    Files.createDirectories(dir);
    int port = ChildProcesses.freePort();
    TokenTapProcess tokenTap =
        TokenTapProcess.start(
            children, jar, dir, port, upstream.port(), false, List.of(), List.of());
    ConcurrentHashMap<Long, Long> answeredAt = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long first = c;
      threads.add(
          Thread.ofPlatform()
              .name("client-" + c)
              .start(
                  () -> {
                    try (HttpConn conn = new HttpConn(port, 5_000)) {
                      for (long n = first; !stop.get(); n += clients) {
                        conn.exchange(
                            HttpConn.post(
                                port, "/v1/chat/completions?n=" + n, Payloads.CHAT_REQUEST, false));
                        answeredAt.put(n, System.nanoTime());
                      }
                    } catch (IOException | RuntimeException e) {
                      // the kill cuts the connection: expected
                    }
                  }));
    }
    Thread.sleep(2_000 + random.nextInt(2_000));
    long killedAt = System.nanoTime();
    tokenTap.process().destroyForcibly(); // SIGKILL
    tokenTap.process().waitFor();
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }
    children.stopAll();

    Path data = tokenTap.dataDir();
    String files = listFiles(data);
    Set<Long> stored = new HashSet<>();
    String integrity;
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tokentap.db"));
        Statement s = db.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        integrity = rs.next() ? rs.getString(1) : "?";
      }
      try (ResultSet rs = s.executeQuery("SELECT query FROM exchanges")) {
        while (rs.next()) {
          String q = rs.getString(1);
          if (q != null && q.startsWith("n=")) {
            stored.add(Long.parseLong(q.substring(2)));
          }
        }
      }
    }
    String reopens = reopens(children, jar, dir, upstream) ? "yes" : "NO";
    long lost = 0;
    double maxAge = 0;
    for (var e : answeredAt.entrySet()) {
      if (!stored.contains(e.getKey())) {
        lost++;
        maxAge = Math.max(maxAge, (killedAt - e.getValue()) / 1e6);
      }
    }
    return new Trial(answeredAt.size(), stored.size(), lost, maxAge, integrity, reopens, files);
  }

  /**
   * Whether the next TokenTap starts on the same data dir (stale lock, WAL recovery) and forwards.
   */
  private static boolean reopens(
      ChildProcesses children, Path jar, Path dir, FakeUpstream upstream) {
    try {
      TokenTapProcess again =
          TokenTapProcess.start(
              children,
              jar,
              dir,
              ChildProcesses.freePort(),
              upstream.port(),
              false,
              List.of(),
              List.of());
      children.stop(again.process());
      return true;
    } catch (IOException e) {
      System.out.println("  restart failed: " + e.getMessage());
      return false;
    }
  }

  private static String listFiles(Path data) throws IOException {
    try (var files = Files.list(data)) {
      return String.join(",", files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
