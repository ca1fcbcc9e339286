package dev.tokentap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forwarder benchmark (a program, not a test): DIRECT to a fake llama-server, through TOKENTAP,
 * and through NGINX as the reference transparent proxy. Prints added latency per small request,
 * added delay per SSE event (one stream, and 200 at once), requests/s and CPU per request at 32
 * connections (wrk) and recorder rows/s, and which aims are met. Run it with {@code
 * src/test/bench/forwarder.sh}.
 */
public final class ForwarderBenchmark {
  // The aims (issue part 6), for TOKENTAP against DIRECT, on the 2-core development VM.
  private static final double AIM_REQUEST_P50_MS = 0.1;
  private static final double AIM_REQUEST_P99_MS = 0.5;
  private static final double AIM_CROWD_EVENT_P99_MS = 1.0;
  private static final double AIM_SHARE_OF_NGINX = 0.75;
  private static final double AIM_CPU_VS_NGINX = 2.0;
  private static final double AIM_RECORDER_ROWS_PER_SEC = 20_000;

  /** Concurrent streams per path in section 3, their events, and the gaps between those. */
  private static final int CROWD_STREAMS = 200;

  private static final int CROWD_EVENTS = 100;
  private static final long CROWD_MIN_GAP_NANOS = 5_000_000;
  private static final long CROWD_MAX_GAP_NANOS = 15_000_000;

  private static final String ROUNDS_NOTE =
      "   p50/p99: median over rounds of each round's percentile (robust to one host stall);"
          + " all p99 / max: all rounds pooled%n";

  private static final String DIRECT = "DIRECT";
  private static final String TOKENTAP = "TOKENTAP";
  private static final String NGINX = "NGINX";

  /** Command-line options; see {@link #usage()}. */
  record Options(
      Path jar,
      Path workDir,
      Path pidFile,
      boolean quick,
      int wrkSeconds,
      String nginxWorkers,
      boolean keepTokenTapStdout,
      boolean javaLoad,
      List<String> tokentapJavaOptions,
      boolean fleet) {}

  private ForwarderBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    int code;
    try (ChildProcesses children = new ChildProcesses(o.pidFile())) {
      code = new Run(o, children).run();
    }
    System.out.printf(Locale.ROOT, "%nfinished in %.0f s%n", (System.nanoTime() - started) / 1e9);
    System.exit(code);
  }

  static String usage() {
    return """
        usage: ForwarderBenchmark [--jar target/tokentap.jar] [--work-dir DIR] [--pid-file FILE]
                                  [--quick] [--wrk-seconds 10] [--nginx-workers auto|N]
                                  [--tokentap-stdout file|discard] [--load-generator wrk|java]
                                  [--tokentap-java-option OPT]...  (JVM option before -jar)
                                  [--tokentap-fleet]  (TokenTap with --metrics-listen, scraped
                                                       every 1 s, and --otlp to a collector)""";
  }

  static Options parse(String[] args) throws IOException {
    Path jar = Path.of("target/tokentap.jar");
    Path work = null;
    Path pids = null;
    boolean quick = false;
    int wrkSeconds = 10;
    String workers = "auto";
    boolean keepStdout = true;
    boolean javaLoad = false;
    List<String> javaOptions = new ArrayList<>();
    boolean fleet = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--tokentap-fleet" -> fleet = true;
        case "--jar" -> jar = Path.of(value(args, ++i, a));
        case "--work-dir" -> work = Path.of(value(args, ++i, a));
        case "--pid-file" -> pids = Path.of(value(args, ++i, a));
        case "--wrk-seconds" -> wrkSeconds = Integer.parseInt(value(args, ++i, a));
        case "--nginx-workers" -> workers = value(args, ++i, a);
        case "--tokentap-stdout" -> {
          String v = value(args, ++i, a);
          if (!v.equals("file") && !v.equals("discard")) {
            throw new IllegalArgumentException("--tokentap-stdout takes file or discard");
          }
          keepStdout = v.equals("file");
        }
        case "--tokentap-java-option" -> javaOptions.add(value(args, ++i, a));
        case "--load-generator" -> {
          String v = value(args, ++i, a);
          if (!v.equals("wrk") && !v.equals("java")) {
            throw new IllegalArgumentException("--load-generator takes wrk or java");
          }
          javaLoad = v.equals("java");
        }
        default -> throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    if (wrkSeconds < 1 || wrkSeconds > 120) {
      throw new IllegalArgumentException("--wrk-seconds must be 1..120");
    }
    if (!workers.equals("auto") && !workers.matches("[1-8]")) {
      throw new IllegalArgumentException("--nginx-workers takes auto or 1..8");
    }
    if (work == null) {
      work = Files.createTempDirectory("tokentap-bench-");
    }
    Files.createDirectories(work);
    return new Options(
        jar,
        work,
        pids,
        quick,
        quick ? 3 : wrkSeconds,
        workers,
        keepStdout,
        javaLoad,
        List.copyOf(javaOptions),
        fleet);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  /** One benchmark run: starts everything, measures, prints, stops everything. */
  private static final class Run {
    private final Options o;
    private final ChildProcesses children;
    private final Map<String, FakeUpstream> upstreams = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, Double> cpuPerRequest = new LinkedHashMap<>();
    private TokenTapProcess tokentap;
    private NginxProxy nginx;
    private FleetSinks fleet; // with --tokentap-fleet

    Run(Options o, ChildProcesses children) {
      this.o = o;
      this.children = children;
    }

    int run() throws IOException {
      FakeUpstream.StreamShape shape =
          new FakeUpstream.StreamShape(o.quick() ? 50 : 200, 2_000_000, 5_000_000, 42);
      try {
        printHeader();
        // One upstream listener per path, all the same code: fair, and per-path counters.
        for (String name : List.of(DIRECT, TOKENTAP, NGINX)) {
          upstreams.put(name, FakeUpstream.start(shape));
        }
        targets.add(new Target(DIRECT, upstreams.get(DIRECT).port()));
        startTokenTap();
        startNginx();
        printPaths();
        warmUp();
        Map<Target, LatencyProbe.PathResult> latency = latency();
        Map<Target, SseProbe.PathResult> sse = sse(shape);
        Map<Target, SseCrowdProbe.PathResult> crowd =
            crowd(
                new FakeUpstream.StreamShape(
                    o.quick() ? 50 : CROWD_EVENTS, CROWD_MIN_GAP_NANOS, CROWD_MAX_GAP_NANOS, 7));
        Map<String, WrkRunner.Result> rps = throughput();
        RecorderThroughput.Result recorder = recorder();
        printAims(latency, sse, crowd, rps, recorder);
        printObservations();
        return 0;
      } catch (IOException | RuntimeException e) {
        System.out.println();
        System.out.println("BENCHMARK FAILED: " + e);
        e.printStackTrace(System.out);
        return 1;
      } finally {
        children.stopAll();
        upstreams.values().forEach(FakeUpstream::close);
      }
    }

    private void printHeader() {
      String nginxVersion = NginxProxy.version();
      String wrkVersion = WrkRunner.version();
      System.out.println("TokenTap forwarder benchmark");
      System.out.println("  machine   " + MachineInfo.cpus() + ", " + MachineInfo.memory());
      System.out.println("  os        " + MachineInfo.os());
      System.out.println("  jdk       " + MachineInfo.jdk());
      System.out.println(
          "  nginx     "
              + (nginxVersion == null ? "NOT INSTALLED (apt-get install nginx)" : nginxVersion));
      System.out.println(
          "  wrk       "
              + (wrkVersion == null
                  ? "NOT INSTALLED (apt-get install wrk): requests/s use the Java load generator"
                  : wrkVersion));
      System.out.println(
          "  tokentap  "
              + (Files.isRegularFile(o.jar())
                  ? o.jar() + " " + TokenTapProcess.version(o.jar())
                  : o.jar() + " missing")
              + gitRevision());
      System.out.println(
          "  work dir  " + o.workDir() + (o.quick() ? "   (--quick: short run)" : ""));
    }

    private static String gitRevision() {
      String rev = System.getProperty("bench.git");
      return rev == null || rev.isBlank() ? "" : ", source " + rev;
    }

    private void startTokenTap() {
      if (!Files.isRegularFile(o.jar())) {
        skipped.put(TOKENTAP, o.jar() + " not found (mvn -DskipTests package)");
        return;
      }
      try {
        int port = ChildProcesses.freePort();
        List<String> args = List.of();
        if (o.fleet()) {
          fleet = FleetSinks.start();
          args = fleet.tokentapArgs();
        }
        tokentap =
            TokenTapProcess.start(
                children,
                o.jar(),
                o.workDir().resolve("tokentap"),
                port,
                upstreams.get(TOKENTAP).port(),
                o.keepTokenTapStdout(),
                o.tokentapJavaOptions(),
                args);
        targets.add(new Target(TOKENTAP, port));
      } catch (IOException e) {
        skipped.put(TOKENTAP, "target/tokentap.jar " + e.getMessage());
      }
    }

    private void startNginx() {
      if (NginxProxy.binary() == null) {
        skipped.put(NGINX, "nginx is not installed (apt-get install nginx)");
        return;
      }
      try {
        int port = ChildProcesses.freePort();
        nginx =
            NginxProxy.start(
                children,
                o.workDir().resolve("nginx"),
                port,
                upstreams.get(NGINX).port(),
                o.nginxWorkers());
        try (HttpConn c = new HttpConn(port, 5_000)) {
          c.exchange(HttpConn.post(port, "/v1/chat/completions", Payloads.CHAT_REQUEST, false));
        }
        targets.add(new Target(NGINX, port));
      } catch (IOException e) {
        skipped.put(NGINX, e.getMessage());
      }
    }

    private void printPaths() {
      System.out.println();
      System.out.println(
          "Paths (all on 127.0.0.1; each path has its own listener of the same fake upstream)");
      System.out.println(
          "  upstream  in-process raw-socket HTTP/1.1 server, a platform thread per connection,"
              + " TCP_NODELAY;\n            section 3's concurrent streams written by one pacer thread");
      for (Target t : targets) {
        String how =
            switch (t.name()) {
              case DIRECT -> "client -> upstream :" + t.port();
              case TOKENTAP ->
                  "client -> tokentap :"
                      + t.port()
                      + " -> upstream :"
                      + upstreams.get(TOKENTAP).port()
                      + "  (separate JVM, stdout "
                      + (o.keepTokenTapStdout() ? "to a file" : "discarded")
                      + (o.tokentapJavaOptions().isEmpty()
                          ? ""
                          : ", java options " + String.join(" ", o.tokentapJavaOptions()))
                      + (fleet == null
                          ? ""
                          : ", with "
                              + String.join(" ", fleet.tokentapArgs())
                              + ": /metrics scraped every 1 s, spans to a collector in this JVM")
                      + ")";
              default ->
                  "client -> nginx :"
                      + t.port()
                      + " -> upstream :"
                      + upstreams.get(NGINX).port()
                      + "  (worker_processes "
                      + o.nginxWorkers()
                      + ", proxy_buffering off, HTTP/1.1 keepalive 64, access_log off)";
            };
        System.out.printf(Locale.ROOT, "  %-9s %s%n", t.name(), how);
      }
      skipped.forEach(
          (name, why) -> System.out.printf(Locale.ROOT, "  %-9s SKIPPED: %s%n", name, why));
    }

    /**
     * Load on every path before anything is measured, until it has served the same number of
     * requests (in short wrk runs, bounded in time). TokenTap's JIT (the upstream client, the
     * metrics parsers) keeps compiling for tens of thousands of requests on 2 cores, and its
     * compiler threads then compete with the forwarding: after 5,000 sequential requests its
     * per-request p99 was ~3 ms, after 40,000 under 1 ms.
     */
    private void warmUp() throws IOException {
      long goal = o.quick() ? 10_000 : 60_000;
      int slice = o.quick() ? 2 : 3;
      int maxSeconds = o.quick() ? 6 : 24;
      boolean haveWrk = WrkRunner.binary() != null && !o.javaLoad();
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "Warm-up: %s at 32 connections on each path until it has served %,d requests (at most"
              + " %d s), nothing measured%n",
          haveWrk ? "wrk" : "the Java load generator",
          goal,
          maxSeconds);
      WrkRunner wrk = haveWrk ? WrkRunner.create(o.workDir(), children) : null;
      for (Target t : targets) {
        FakeUpstream up = upstreams.get(t.name());
        long before = up.requests();
        long start = System.nanoTime();
        int spent = 0;
        try {
          while (up.requests() - before < goal && spent + slice <= maxSeconds) {
            if (wrk != null) {
              wrk.run(t.port(), 2, 32, slice);
            } else {
              JavaLoadGenerator.run(t.port(), 32, slice);
            }
            spent += slice;
          }
        } catch (IOException e) {
          System.out.printf(Locale.ROOT, "   %-9s warm-up FAILED: %s%n", t.name(), e.getMessage());
        }
        System.out.printf(
            Locale.ROOT,
            "   %-9s %,d requests in %.0f s%n",
            t.name(),
            up.requests() - before,
            (System.nanoTime() - start) / 1e9);
      }
    }

    private Map<Target, LatencyProbe.PathResult> latency() {
      int warm = o.quick() ? 1_000 : 5_000;
      int rounds = o.quick() ? 5 : 9;
      int perRound = o.quick() ? 300 : 1_000;
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "1. Added latency per small request: POST %d B -> %d B JSON, sequential, one keep-alive"
              + " connection per path;%n   %,d warm-up, then %d rounds x %,d per path, paths taking"
              + " turns.%n"
              + ROUNDS_NOTE,
          Payloads.CHAT_REQUEST.length,
          Payloads.CHAT_RESPONSE.length,
          warm,
          rounds,
          perRound);
      CpuSteal steal = CpuSteal.now();
      Map<Target, LatencyProbe.PathResult> r =
          new LatencyProbe(warm, rounds, perRound, 120_000_000_000L).run(targets);
      String stealNote = CpuSteal.now().since(steal);
      LatencyProbe.PathResult direct = r.get(targets.getFirst());
      System.out.println(
          "   path          n   p50 ms   p99 ms  (all p99   max ms)  added p50  added p99"
              + "  conns  aim: +0.1 / +0.5 ms");
      for (var e : r.entrySet()) {
        LatencyProbe.PathResult pr = e.getValue();
        RoundSamples s = pr.latency;
        System.out.printf(
            Locale.ROOT,
            "   %-9s %6d %8.3f %8.3f  (%7.3f %8.2f) %s %s %6d  %s%n",
            e.getKey().name(),
            s.size(),
            s.p50(),
            s.p99(),
            s.pooledP99(),
            s.maxMillis(),
            added(s.p50(), direct.latency.p50(), e.getKey()),
            added(s.p99(), direct.latency.p99(), e.getKey()),
            pr.connects,
            verdict(
                e.getKey(),
                s.p50() - direct.latency.p50() <= AIM_REQUEST_P50_MS
                    && s.p99() - direct.latency.p99() <= AIM_REQUEST_P99_MS));
        if (pr.errors > 0) {
          System.out.printf(Locale.ROOT, "     %d errors, first: %s%n", pr.errors, pr.firstError);
        }
      }
      printSteal(stealNote);
      return r;
    }

    private Map<Target, SseProbe.PathResult> sse(FakeUpstream.StreamShape shape) {
      int warm = o.quick() ? 1 : 3;
      int rounds = o.quick() ? 3 : 7;
      int perRound = o.quick() ? 1 : 2;
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "2. Added delay per SSE event: %d events of %d B per stream, %d-%d ms apart, flushed one"
              + " by one;%n   delay = arrival at the client - upstream write (same JVM clock);"
              + " %d warm-up streams, then %d rounds x %d streams per path.%n"
              + ROUNDS_NOTE,
          shape.events(),
          Payloads.SSE_EVENT_TEMPLATE.length,
          shape.minGapNanos() / 1_000_000,
          shape.maxGapNanos() / 1_000_000,
          warm,
          rounds,
          perRound);
      CpuSteal steal = CpuSteal.now();
      Map<Target, SseProbe.PathResult> r =
          new SseProbe(shape.events(), warm, rounds, perRound, 180_000_000_000L).run(targets);
      String stealNote = CpuSteal.now().since(steal);
      SseProbe.PathResult direct = r.get(targets.getFirst());
      System.out.println(
          "   path          n   p50 ms   p99 ms  (all p99   max ms)  added p50  added p99"
              + " streams (no aim: see 3.)");
      for (var e : r.entrySet()) {
        SseProbe.PathResult pr = e.getValue();
        RoundSamples s = pr.delay;
        System.out.printf(
            Locale.ROOT,
            "   %-9s %6d %8.3f %8.3f  (%7.3f %8.2f) %s %s %6d  %s%n",
            e.getKey().name(),
            s.size(),
            s.p50(),
            s.p99(),
            s.pooledP99(),
            s.maxMillis(),
            added(s.p50(), direct.delay.p50(), e.getKey()),
            added(s.p99(), direct.delay.p99(), e.getKey()),
            pr.streams,
            e.getKey().name().equals(NGINX) ? "(reference)" : "");
        printProblems(pr.errors, pr.shortStreams, pr.unstamped, pr.firstError);
      }
      printSteal(stealNote);
      return r;
    }

    /** One line when a path had errors or short streams (nothing when all went well). */
    private static void printProblems(
        long errors, long shortStreams, long unstamped, String firstError) {
      if (errors > 0 || shortStreams > 0 || unstamped > 0) {
        System.out.printf(
            Locale.ROOT,
            "     %d errors, %d streams with missing events, %d events without a send time%s%n",
            errors,
            shortStreams,
            unstamped,
            firstError == null ? "" : "; first error: " + firstError);
      }
    }

    private Map<Target, SseCrowdProbe.PathResult> crowd(FakeUpstream.StreamShape shape)
        throws IOException {
      int warm = 1;
      int rounds = o.quick() ? 2 : 5;
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "3. Added delay per SSE event, %d concurrent streams: %d keep-alive connections per path"
              + " ask at once;%n   the upstream's pacer thread writes every stream's %d events"
              + " (%d-%d ms apart, each stream its own gaps and a random start within the first"
              + " gap),%n   this client reads all on one NIO selector thread; delay = arrival -"
              + " upstream write (same JVM clock).%n   %d warm-up crowd, then %d rounds of one"
              + " crowd per path, paths taking turns.%n"
              + ROUNDS_NOTE,
          CROWD_STREAMS,
          CROWD_STREAMS,
          shape.events(),
          shape.minGapNanos() / 1_000_000,
          shape.maxGapNanos() / 1_000_000,
          warm,
          rounds);
      CpuSteal steal = CpuSteal.now();
      Map<Target, SseCrowdProbe.PathResult> r =
          new SseCrowdProbe(
                  CROWD_STREAMS,
                  shape,
                  warm,
                  rounds,
                  180_000_000_000L,
                  t -> {
                    Process p = processOf(t);
                    return p == null ? Double.NaN : ChildProcesses.cpuSeconds(p);
                  },
                  t -> upstreams.get(t.name()).takePacedMax())
              .run(targets);
      String stealNote = CpuSteal.now().since(steal);
      SseCrowdProbe.PathResult direct = r.get(targets.getFirst());
      System.out.println(
          "   path           n   p50 ms   p99 ms  (all p99   max ms)  added p50  added p99"
              + "  added max  at once  proxy cpu/event  aim: p99 +1 ms");
      for (var e : r.entrySet()) {
        SseCrowdProbe.PathResult pr = e.getValue();
        RoundSamples s = pr.delay;
        double cpuPerEvent = pr.proxyCpuSeconds / pr.measuredEvents * 1e6;
        System.out.printf(
            Locale.ROOT,
            "   %-9s %7d %8.3f %8.3f  (%7.3f %8.2f) %s %s %s %8d %16s  %s%n",
            e.getKey().name(),
            s.size(),
            s.p50(),
            s.p99(),
            s.pooledP99(),
            s.maxMillis(),
            added(s.p50(), direct.delay.p50(), e.getKey()),
            added(s.p99(), direct.delay.p99(), e.getKey()),
            added(s.maxMillis(), direct.delay.maxMillis(), e.getKey()),
            pr.mostAtOnce,
            Double.isNaN(cpuPerEvent) ? "-" : String.format(Locale.ROOT, "%.1f us", cpuPerEvent),
            verdict(e.getKey(), s.p99() - direct.delay.p99() <= AIM_CROWD_EVENT_P99_MS));
        printProblems(pr.errors, pr.shortStreams, pr.unstamped, pr.firstError);
      }
      System.out.println(
          "   (at once: the most streams the upstream had open together in a crowd;"
              + " added max: pooled max - DIRECT's)");
      printSteal(stealNote);
      return r;
    }

    private Map<String, WrkRunner.Result> throughput() throws IOException {
      boolean haveWrk = WrkRunner.binary() != null && !o.javaLoad();
      int seconds = o.wrkSeconds();
      int warm = o.quick() ? 1 : 2;
      System.out.println();
      if (haveWrk) {
        System.out.printf(
            Locale.ROOT,
            "4. Requests/s at 32 concurrent clients: wrk -t2 -c32 -d%ds, POST %d B via a Lua"
                + " script (each after a %d s wrk run, not counted)%n",
            seconds,
            Payloads.CHAT_REQUEST.length,
            warm);
      } else {
        System.out.printf(
            Locale.ROOT,
            "4. Requests/s at 32 concurrent clients: %s, using the Java load generator"
                + " (32 threads in this JVM, %d s; not comparable with wrk figures)%n",
            o.javaLoad() ? "--load-generator java" : "wrk NOT INSTALLED",
            seconds);
      }
      WrkRunner wrk = haveWrk ? WrkRunner.create(o.workDir(), children) : null;
      Map<String, WrkRunner.Result> results = new LinkedHashMap<>();
      CpuSteal steal = CpuSteal.now();
      for (Target t : targets) {
        try {
          if (wrk != null) {
            wrk.run(t.port(), 2, 32, warm);
          } else {
            JavaLoadGenerator.run(t.port(), 32, warm);
          }
          Process p = processOf(t);
          double cpuBefore = p == null ? Double.NaN : ChildProcesses.cpuSeconds(p);
          WrkRunner.Result r =
              wrk != null
                  ? wrk.run(t.port(), 2, 32, seconds)
                  : JavaLoadGenerator.run(t.port(), 32, seconds);
          double cpuAfter = p == null ? Double.NaN : ChildProcesses.cpuSeconds(p);
          results.put(t.name(), r);
          cpuPerRequest.put(t.name(), (cpuAfter - cpuBefore) / r.requests() * 1e6);
        } catch (IOException e) {
          System.out.printf(Locale.ROOT, "   %-9s FAILED: %s%n", t.name(), e.getMessage());
        }
      }
      String stealNote = CpuSteal.now().since(steal);
      WrkRunner.Result direct = results.get(DIRECT);
      WrkRunner.Result ngx = results.get(NGINX);
      System.out.println(
          "   path        req/s  % of direct  % of nginx  avg latency  proxy cpu/req  aim: >= 75% of"
              + " nginx, cpu <= 2x nginx");
      for (var e : results.entrySet()) {
        WrkRunner.Result r = e.getValue();
        double cpu = cpuPerRequest.getOrDefault(e.getKey(), Double.NaN);
        String aim = "";
        if (e.getKey().equals(TOKENTAP)) {
          double ngxCpu = cpuPerRequest.getOrDefault(NGINX, Double.NaN);
          aim =
              ngx == null
                  ? "(no nginx figure)"
                  : (r.requestsPerSec() >= AIM_SHARE_OF_NGINX * ngx.requestsPerSec()
                          ? "met"
                          : "MISSED")
                      + ", "
                      + (cpu <= AIM_CPU_VS_NGINX * ngxCpu ? "met" : "MISSED")
                      + String.format(Locale.ROOT, " (%.1fx nginx's cpu)", cpu / ngxCpu);
        } else if (e.getKey().equals(NGINX)) {
          aim = "(reference: ~45-50% of direct earlier)";
        }
        System.out.printf(
            Locale.ROOT,
            "   %-9s %8.0f %11s %11s %12s %14s  %s%n",
            e.getKey(),
            r.requestsPerSec(),
            direct == null ? "-" : pct(r.requestsPerSec() / direct.requestsPerSec()),
            ngx == null ? "-" : pct(r.requestsPerSec() / ngx.requestsPerSec()),
            r.avgLatency(),
            Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.0f us", cpu),
            aim);
        if (!r.problems().isEmpty()) {
          System.out.printf(Locale.ROOT, "     problems: %s%n", r.problems());
        }
      }
      printSteal(stealNote);
      return results;
    }

    private Process processOf(Target t) {
      return switch (t.name()) {
        case TOKENTAP -> tokentap.process();
        case NGINX -> nginx.process();
        default -> null;
      };
    }

    private RecorderThroughput.Result recorder() {
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "5. Recorder rows/s: %,d synthetic exchanges offered, timed until all are committed%n",
          RecorderThroughput.EXCHANGES);
      RecorderThroughput.Result r = RecorderThroughput.measure(o.workDir().resolve("recorder"));
      if (Double.isNaN(r.rowsPerSec())) {
        System.out.println("   " + r.note());
      } else {
        System.out.printf(Locale.ROOT, "   %,.0f rows/s  (%s)%n", r.rowsPerSec(), r.note());
      }
      return r;
    }

    private void printAims(
        Map<Target, LatencyProbe.PathResult> latency,
        Map<Target, SseProbe.PathResult> sse,
        Map<Target, SseCrowdProbe.PathResult> crowd,
        Map<String, WrkRunner.Result> rps,
        RecorderThroughput.Result recorder) {
      System.out.println();
      System.out.println("Aims for TOKENTAP (vs DIRECT; NGINX alongside for reference)");
      Target tt = targets.stream().filter(t -> t.name().equals(TOKENTAP)).findFirst().orElse(null);
      Target ngx = targets.stream().filter(t -> t.name().equals(NGINX)).findFirst().orElse(null);
      if (tt == null) {
        System.out.println("   not measured: " + skipped.get(TOKENTAP));
        return;
      }
      RoundSamples dl = latency.get(targets.getFirst()).latency;
      RoundSamples ds = sse.get(targets.getFirst()).delay;
      RoundSamples dc = crowd.get(targets.getFirst()).delay;
      aimLine(
          "added per request, p50",
          latency.get(tt).latency.p50() - dl.p50(),
          ngx == null ? Double.NaN : latency.get(ngx).latency.p50() - dl.p50(),
          AIM_REQUEST_P50_MS);
      aimLine(
          "added per request, p99",
          latency.get(tt).latency.p99() - dl.p99(),
          ngx == null ? Double.NaN : latency.get(ngx).latency.p99() - dl.p99(),
          AIM_REQUEST_P99_MS);
      aimLine(
          "added per SSE event, 1 stream, p50",
          sse.get(tt).delay.p50() - ds.p50(),
          ngx == null ? Double.NaN : sse.get(ngx).delay.p50() - ds.p50(),
          Double.NaN);
      aimLine(
          "added per SSE event, 1 stream, p99",
          sse.get(tt).delay.p99() - ds.p99(),
          ngx == null ? Double.NaN : sse.get(ngx).delay.p99() - ds.p99(),
          Double.NaN);
      aimLine(
          "added per SSE event, " + CROWD_STREAMS + " streams, p50",
          crowd.get(tt).delay.p50() - dc.p50(),
          ngx == null ? Double.NaN : crowd.get(ngx).delay.p50() - dc.p50(),
          Double.NaN);
      aimLine(
          "added per SSE event, " + CROWD_STREAMS + " streams, p99",
          crowd.get(tt).delay.p99() - dc.p99(),
          ngx == null ? Double.NaN : crowd.get(ngx).delay.p99() - dc.p99(),
          AIM_CROWD_EVENT_P99_MS);
      WrkRunner.Result t = rps.get(TOKENTAP);
      WrkRunner.Result n = rps.get(NGINX);
      if (t != null && n != null) {
        double share = t.requestsPerSec() / n.requestsPerSec();
        System.out.printf(
            Locale.ROOT,
            "   %-38s %9s   aim >= %-7s %-6s  (nginx %,.0f req/s)%n",
            "requests/s at 32 clients, of nginx's",
            pct(share),
            pct(AIM_SHARE_OF_NGINX),
            share >= AIM_SHARE_OF_NGINX ? "met" : "MISSED",
            n.requestsPerSec());
        double tc = cpuPerRequest.getOrDefault(TOKENTAP, Double.NaN);
        double nc = cpuPerRequest.getOrDefault(NGINX, Double.NaN);
        System.out.printf(
            Locale.ROOT,
            "   %-38s %8.1fx   aim <= %-7s %-6s  (tokentap %.0f us, nginx %.0f us)%n",
            "CPU per request, times nginx's",
            tc / nc,
            String.format(Locale.ROOT, "%.0fx", AIM_CPU_VS_NGINX),
            tc <= AIM_CPU_VS_NGINX * nc ? "met" : "MISSED",
            tc,
            nc);
      }
      double rows = recorder.rowsPerSec();
      System.out.printf(
          Locale.ROOT,
          "   %-38s %9s   aim >= %-7s %s%n",
          "recorder rows/s (captures on)",
          Double.isNaN(rows) ? "-" : String.format(Locale.ROOT, "%,.0f", rows),
          String.format(Locale.ROOT, "%,.0f", AIM_RECORDER_ROWS_PER_SEC),
          Double.isNaN(rows)
              ? "not measured"
              : rows >= AIM_RECORDER_ROWS_PER_SEC ? "met" : "MISSED");
      System.out.println(
          "   reference measured here earlier: nginx adds ~0.1 ms per request, ~0.06-0.10 ms per SSE"
              + " event, keeps ~45-50% of direct req/s");
    }

    /** One aim row; {@code aim} NaN: shown for reference, no aim. */
    private static void aimLine(String what, double tokentap, double nginx, double aim) {
      System.out.printf(
          Locale.ROOT,
          "   %-38s %+8.3f ms  %-14s %-6s  (nginx %s)%n",
          what,
          tokentap,
          Double.isNaN(aim) ? "no aim" : String.format(Locale.ROOT, "aim <= %.1f ms", aim),
          Double.isNaN(aim) ? "" : tokentap <= aim ? "met" : "MISSED",
          Double.isNaN(nginx) ? "-" : String.format(Locale.ROOT, "%+.3f ms", nginx));
    }

    private void printObservations() {
      System.out.println();
      System.out.println("Observations");
      for (var e : upstreams.entrySet()) {
        FakeUpstream u = e.getValue();
        if (u.requests() > 0) {
          System.out.printf(
              Locale.ROOT,
              "   upstream via %-9s %,9d requests, %,d streams, %,d TCP connections opened%n",
              e.getKey(),
              u.requests(),
              u.streams(),
              u.connectionsAccepted());
        }
      }
      if (tokentap != null) {
        long lines = tokentap.stdoutLines();
        System.out.printf(
            Locale.ROOT,
            "   tokentap stdout: %s; RSS %d MiB; alive at the end: %s%n",
            lines < 0
                ? "discarded"
                : String.format(Locale.ROOT, "%,d lines, %,d bytes", lines, tokentap.stdoutBytes()),
            tokentap.rssMib(),
            tokentap.process().isAlive() ? "yes" : "NO");
        String stop = tokentap.stopGracefully(children);
        long forwarded = upstreams.get(TOKENTAP).requests();
        long rows = RecorderThroughput.rowsIn(tokentap.dataDir());
        System.out.printf(
            Locale.ROOT,
            "   tokentap on SIGTERM: %s; recorded %s of the %,d exchanges it forwarded%s%n",
            stop,
            rows < 0 ? "? (database unreadable)" : String.format(Locale.ROOT, "%,d", rows),
            forwarded,
            rows >= 0 && rows < forwarded
                ? String.format(Locale.ROOT, " (%,d not recorded)", forwarded - rows)
                : "");
        System.out.println("   tokentap stderr: " + tokentap.stderrSummary());
        if (fleet != null) {
          System.out.println("   fleet: " + fleet.summary());
          fleet.close();
        }
      }
      if (nginx != null) {
        String tail = nginx.errorLogTail();
        System.out.println(
            "   nginx error log: " + (tail.isBlank() ? "empty" : tail.replace("\n", " | ")));
      }
    }

    private static void printSteal(String note) {
      if (!note.isEmpty()) {
        System.out.println("   (" + note + " during this section)");
      }
    }

    private static String added(double value, double direct, Target t) {
      if (t.name().equals(DIRECT)) {
        return String.format(Locale.ROOT, "%10s", "-");
      }
      return String.format(Locale.ROOT, "%+10.3f", value - direct);
    }

    private static String verdict(Target t, boolean met) {
      if (!t.name().equals(TOKENTAP)) {
        return t.name().equals(NGINX) ? "(reference)" : "";
      }
      return met ? "met" : "MISSED";
    }

    private static String pct(double share) {
      return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
  }
}
