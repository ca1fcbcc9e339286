package dev.tokentap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second under load with wrk: {@code wrk -t2 -c32 -dNs} POSTing the chat-completions
 * body (set through a small Lua script) against one path; reads wrk's "Requests/sec".
 */
final class WrkRunner {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(m?s)");
  private static final Pattern LATENCY = Pattern.compile("Latency\\s+([0-9.]+\\w+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: ([^\\n]+)");

  /**
   * What wrk reported.
   *
   * @param requestsPerSec wrk's Requests/sec
   * @param requests requests completed
   * @param avgLatency wrk's average latency, as it printed it
   * @param problems non-2xx responses and socket errors in words, or "" when none
   */
  record Result(double requestsPerSec, long requests, String avgLatency, String problems) {}

  private final Path wrk;
  private final Path script;
  private final ChildProcesses children;

  private WrkRunner(Path wrk, Path script, ChildProcesses children) {
    this.wrk = wrk;
    this.script = script;
    this.children = children;
  }

  /** The wrk binary, or null when it is not installed. */
  static Path binary() {
    return Tools.find("wrk", "/usr/bin/wrk");
  }

  /** "4.1.0-3+b2 [epoll]"-like version text, or null when wrk is not installed. */
  static String version() {
    Path bin = binary();
    if (bin == null) {
      return null;
    }
    String first = Tools.run(bin.toString(), "-v").lines().findFirst().orElse("").strip();
    int copy = first.indexOf(" Copyright");
    return copy > 0 ? first.substring(0, copy) : first;
  }

  static WrkRunner create(Path dir, ChildProcesses children) throws IOException {
    Path script = dir.resolve("post.lua");
    String body = new String(Payloads.CHAT_REQUEST, StandardCharsets.US_ASCII);
    Files.writeString(
        script,
        "wrk.method = \"POST\"\n"
            + "wrk.body = [["
            + body
            + "]]\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
    return new WrkRunner(binary(), script, children);
  }

  Result run(int port, int threads, int connections, int seconds) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                wrk.toString(),
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "5s",
                "-s",
                script.toString(),
                "http://127.0.0.1:" + port + "/v1/chat/completions")
            .redirectErrorStream(true);
    Process p = children.start(pb);
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readNBytes(256 * 1024), StandardCharsets.UTF_8);
      if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
        throw new IOException("wrk did not finish in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      children.stop(p);
    }
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IOException("no Requests/sec in wrk's output:\n" + out);
    }
    Matcher total = TOTAL.matcher(out);
    Matcher latency = LATENCY.matcher(out);
    Matcher non2xx = NON_2XX.matcher(out);
    Matcher socketErrors = SOCKET_ERRORS.matcher(out);
    String problems =
        (non2xx.find() ? non2xx.group(1) + " non-2xx responses " : "")
            + (socketErrors.find() ? "socket errors: " + socketErrors.group(1) : "");
    return new Result(
        Double.parseDouble(rps.group(1)),
        total.find() ? Long.parseLong(total.group(1)) : -1,
        latency.find() ? latency.group(1) : "?",
        problems.strip());
  }
}
