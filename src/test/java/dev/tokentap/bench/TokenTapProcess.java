package dev.tokentap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * TokenTap under test, as a separate process with its CLI contract: {@code java
 * --enable-native-access=ALL-UNNAMED -jar tokentap.jar --headless --listen 127.0.0.1:PORT
 * --upstream http://127.0.0.1:UPPORT --data-dir DIR} (extra JVM options, if asked for, go before
 * {@code -jar}; extra TokenTap flags after). Its stdout (one line per exchange) goes to a file, or
 * is discarded.
 */
final class TokenTapProcess {
  private final Process process;
  private final Path dataDir;
  private final Path stdout;
  private final Path stderr;

  private TokenTapProcess(Process process, Path dataDir, Path stdout, Path stderr) {
    this.process = process;
    this.dataDir = dataDir;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  Path dataDir() {
    return dataDir;
  }

  /**
   * Stops TokenTap with SIGTERM, as a user's Ctrl-C would, giving its recorder up to 60 s to write
   * what is queued. Returns what happened, in words.
   */
  String stopGracefully(ChildProcesses children) {
    long start = System.nanoTime();
    children.stop(process, Duration.ofSeconds(60));
    double seconds = (System.nanoTime() - start) / 1e9;
    int code;
    try {
      code = process.exitValue();
    } catch (IllegalThreadStateException e) {
      return "still running after SIGTERM + 60 s: killed";
    }
    return String.format(java.util.Locale.ROOT, "exit code %d after %.1f s", code, seconds);
  }

  /** Implementation-Version from the jar's manifest, or "?". */
  static String version(Path jar) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      String v = jf.getManifest().getMainAttributes().getValue("Implementation-Version");
      return v == null ? "?" : v;
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * Starts TokenTap and waits until it listens and forwards one request and one stream correctly.
   *
   * @throws IOException with the reason (and TokenTap's last output) when it does not
   */
  static TokenTapProcess start(
      ChildProcesses children,
      Path jar,
      Path dir,
      int listenPort,
      int upstreamPort,
      boolean keepStdout,
      List<String> javaOptions,
      List<String> tokentapArgs)
      throws IOException {
    Path dataDir = dir.resolve("data");
    Files.createDirectories(dataDir);
    Path out = dir.resolve("tokentap.stdout");
    Path err = dir.resolve("tokentap.stderr");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(javaOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toAbsolutePath().toString(),
            "--headless",
            "--listen",
            "127.0.0.1:" + listenPort,
            "--upstream",
            "http://127.0.0.1:" + upstreamPort,
            "--data-dir",
            dataDir.toString()));
    command.addAll(tokentapArgs);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectOutput(
                keepStdout
                    ? ProcessBuilder.Redirect.to(out.toFile())
                    : ProcessBuilder.Redirect.DISCARD);
    Process p = children.start(pb);
    TokenTapProcess tt = new TokenTapProcess(p, dataDir, keepStdout ? out : null, err);
    if (!ChildProcesses.awaitPort(listenPort, p, Duration.ofSeconds(30))) {
      String why;
      if (p.isAlive()) {
        why = "did not listen on 127.0.0.1:" + listenPort + " within 30 s";
      } else {
        why = "exited with code " + exitCode(p) + " without listening on 127.0.0.1:" + listenPort;
      }
      children.stop(p);
      throw new IOException(why + tt.lastOutput());
    }
    try (HttpConn conn = new HttpConn(listenPort, 10_000)) {
      long length =
          conn.exchange(
              HttpConn.post(listenPort, "/v1/chat/completions", Payloads.CHAT_REQUEST, false));
      if (length != Payloads.CHAT_RESPONSE.length) {
        throw new IOException(
            "forwarded a body of " + length + " bytes, expected " + Payloads.CHAT_RESPONSE.length);
      }
      int[] stamped = new int[1];
      conn.stream(
          HttpConn.post(listenPort, "/v1/chat/completions", Payloads.CHAT_STREAM_REQUEST, true),
          (event, len, arrival) -> {
            if (Payloads.sendTimeOf(event, len) != Long.MIN_VALUE) {
              stamped[0]++;
            }
          });
      if (stamped[0] == 0) {
        throw new IOException("forwarded a stream without any event");
      }
    } catch (IOException e) {
      children.stop(p);
      throw new IOException("does not forward: " + e.getMessage() + tt.lastOutput(), e);
    }
    return tt;
  }

  private static int exitCode(Process p) {
    try {
      p.waitFor(1, TimeUnit.SECONDS);
      return p.exitValue();
    } catch (InterruptedException | IllegalThreadStateException e) {
      return -1;
    }
  }

  private String lastOutput() {
    String o = stdout == null ? "" : ChildProcesses.tail(stdout, 3);
    String e = ChildProcesses.tail(stderr, 5);
    return (o.isBlank() ? "" : "\n      stdout: " + o.replace("\n", "\n              "))
        + (e.isBlank() ? "" : "\n      stderr: " + e.replace("\n", "\n              "));
  }

  Process process() {
    return process;
  }

  /** Lines TokenTap wrote to stdout so far, or -1 when stdout was discarded. */
  long stdoutLines() {
    if (stdout == null) {
      return -1;
    }
    try (var lines = Files.lines(stdout)) {
      return lines.count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1;
    }
  }

  long stdoutBytes() {
    try {
      return stdout == null ? -1 : Files.size(stdout);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Lines TokenTap wrote to stderr (warnings, stack traces), with a short tail. */
  String stderrSummary() {
    try {
      List<String> lines = Files.readAllLines(stderr);
      if (lines.isEmpty()) {
        return "none";
      }
      return lines.size()
          + " lines, last: "
          + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "unreadable";
    }
  }

  /** Resident memory in MiB from /proc, or -1. */
  long rssMib() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return -1;
  }
}
