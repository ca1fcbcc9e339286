package dev.tokentap.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real llama-server process on a free loopback port, as {@code src/test/live/llama-server.sh}
 * builds it: the binary and the tiny model come from the system properties {@code
 * tokentap.llama.server} and {@code tokentap.llama.model} (or the environment variables {@code
 * LLAMA_SERVER} and {@code LLAMA_MODEL}). Its own calls ({@code /slots}, {@code /metrics}) go to it
 * directly, never through TokenTap.
 */
final class LlamaServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient DIRECT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final List<String> extraArgs;
  private final int port;
  private final Path log;
  private Process process;

  private LlamaServer(List<String> extraArgs, int port, Path log) {
    this.extraArgs = extraArgs;
    this.port = port;
    this.log = log;
  }

  /** Starts llama-server with {@code --metrics} and {@code extraArgs}; returns once it is ready. */
  static LlamaServer start(String name, String... extraArgs) throws Exception {
    Path logs = Path.of("target", "live-logs");
    Files.createDirectories(logs);
    LlamaServer server =
        new LlamaServer(List.of(extraArgs), freePort(), logs.resolve(name + ".llama-server.log"));
    server.launch();
    return server;
  }

  static Path binary() {
    return setting("tokentap.llama.server", "LLAMA_SERVER");
  }

  static Path model() {
    return setting("tokentap.llama.model", "LLAMA_MODEL");
  }

  private static Path setting(String property, String env) {
    String value = System.getProperty(property, System.getenv(env));
    if (value == null || value.isBlank() || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(
          "the live tests need a llama-server and a model: run src/test/live/llama-server.sh and"
              + " pass its two lines as -D"
              + property
              + "=... (or set "
              + env
              + "); got "
              + value);
    }
    return Path.of(value);
  }

  private void launch() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary().toString(),
                "-m",
                model().toString(),
                "--alias",
                "tiny",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--threads",
                "2",
                "--metrics"));
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "llama-server exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      try {
        if (get("/health").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("llama-server not ready in 90 s; see " + log.toAbsolutePath());
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /** Stops the process and starts a new one on the same port. */
  void restart() throws Exception {
    stop();
    launch();
  }

  /** {@code GET path} straight to llama-server. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return DIRECT.send(
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code /slots}: one object per slot. */
  JsonNode slots() throws IOException, InterruptedException {
    return JSON.readTree(get("/slots").body());
  }

  /** Whether any slot is processing a task. */
  boolean busy() throws IOException, InterruptedException {
    for (JsonNode slot : slots()) {
      if (slot.path("is_processing").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** The counters of {@code /metrics} ({@code llamacpp:} prefix removed). */
  Map<String, Double> metrics() throws IOException, InterruptedException {
    Map<String, Double> values = new HashMap<>();
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith("llamacpp:")) {
        int space = line.lastIndexOf(' ');
        values.put(line.substring(9, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return values;
  }

  /**
   * {@code /metrics} once no request is processing and two reads 200 ms apart agree (the counters
   * move when a task finishes, which may be just after its last byte was sent).
   */
  Map<String, Double> settledMetrics() throws Exception {
    Map<String, Double> last = metrics();
    for (int i = 0; i < 100; i++) {
      Thread.sleep(200);
      Map<String, Double> now = metrics();
      if (now.equals(last) && now.getOrDefault("requests_processing", 0.0) == 0) {
        return now;
      }
      last = now;
    }
    throw new IllegalStateException("llama-server's /metrics did not settle: " + last);
  }

  /** Waits until no slot is processing; returns the milliseconds waited, or -1 on timeout. */
  long awaitIdle(long timeoutMillis) throws Exception {
    long start = System.nanoTime();
    while (System.nanoTime() - start < timeoutMillis * 1_000_000) {
      if (!busy()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(20);
    }
    return -1;
  }

  private void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
