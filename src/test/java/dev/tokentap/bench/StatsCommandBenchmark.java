package dev.tokentap.bench;

import dev.tokentap.app.Launcher;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tokentap stats} on a small and a large history: fills two stores (1,000 and N exchanges,
 * default 10,000,000, over 30 days from 2026-11-28, the agent-like mix; summed up through the
 * migration as a user's history is), then times the command in-process ({@link Launcher#run},
 * output thrown away) for a few invocations: the median of {@value #RUNS} runs after one warm-up,
 * side by side. Its time should not grow with the history. {@code java ...
 * dev.tokentap.bench.StatsCommandBenchmark [N] [DIR]}.
 */
public final class StatsCommandBenchmark {
  private StatsCommandBenchmark() {}

  static final int RUNS = 5;
  static final int SMALL = 1_000;

  private static final List<List<String>> INVOCATIONS =
      List.of(
          List.of("--range", "today"),
          List.of("--range", "30d", "--by", "model"),
          List.of("--range", "all", "--by", "day"),
          List.of("--range", "all", "--by", "client"),
          List.of("--range", "all", "--by", "hour", "--format", "json"));

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tokentap-stats-cmd");
    System.out.printf(
        Locale.ROOT,
        "TokenTap stats command benchmark: %s, %s, %s; load average %.2f before filling%n",
        MachineInfo.cpus(),
        MachineInfo.memory(),
        MachineInfo.jdk(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    int[] sizes = {SMALL, n};
    Path[] data = new Path[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      data[i] = dir.resolve("n" + sizes[i]);
      System.out.printf(Locale.ROOT, "filling %,d exchanges into %s%n", sizes[i], data[i]);
      long t = System.nanoTime();
      Path db =
          StatsBenchmark.fill(data[i], sizes[i], StatsBenchmark.SPAN_MS, StatsBenchmark.Mix.AGENT);
      System.out.printf(
          Locale.ROOT,
          "  filled and summed up in %.1f s, database %,d bytes%n",
          (System.nanoTime() - t) / 1e9,
          Files.size(db));
    }
    System.out.printf(
        Locale.ROOT,
        "%nload average %.2f; median of %d runs after one warm-up, ms (JVM start not included)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        RUNS);
    System.out.printf(
        Locale.ROOT, "%-50s %14s %14s%n", "tokentap stats ...", label(SMALL), label(n));
    for (List<String> invocation : INVOCATIONS) {
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "%-50s", String.join(" ", invocation)));
      for (Path d : data) {
        line.append(String.format(Locale.ROOT, " %14.1f", time(d, invocation)));
      }
      System.out.println(line);
    }
  }

  private static String label(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Median milliseconds of {@link #RUNS} runs of {@code stats invocation} on {@code data}. */
  private static double time(Path data, List<String> invocation) {
    List<String> args = new ArrayList<>(List.of("stats", "--data-dir", data.toString()));
    args.addAll(invocation);
    String[] a = args.toArray(String[]::new);
    PrintStream none = new PrintStream(OutputStream.nullOutputStream());
    run(a, none);
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      run(a, none);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }

  private static void run(String[] args, PrintStream none) {
    int code = Launcher.run(args, Map.of("HOME", System.getProperty("user.home")), none, none);
    if (code != 0) {
      throw new IllegalStateException("stats exited " + code + ": " + String.join(" ", args));
    }
  }
}
