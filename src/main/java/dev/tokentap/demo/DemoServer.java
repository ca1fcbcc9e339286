package dev.tokentap.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.Generation;
import dev.tokentap.endpoint.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A simulated llama-server on a free loopback port: {@code /health}, {@code /v1/models}, {@code
 * /v1/chat/completions}, {@code /v1/completions}, {@code /completion}, {@code /v1/messages} and
 * {@code /v1/responses}, streamed (SSE) and not, in the exact shapes of the recorded fixtures. It
 * takes the time a real server would: prompt processing at {@link DemoModel#promptTps()} for the
 * tokens not in its prompt cache, then one token every 1/{@link DemoModel#genTps()} s; a prompt
 * longer than the context gets llama-server's 400. A client that hangs up stops the generation.
 */
public final class DemoServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final double timeScale;
  private final PromptCache cache = new PromptCache(16);
  private final RandomGenerator random;
  private final AtomicLong answered = new AtomicLong();

  private DemoServer(HttpServer server, ExecutorService executor, double timeScale, long seed) {
    this.server = server;
    this.executor = executor;
    this.timeScale = timeScale;
    this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  /** Starts a server that takes real time. */
  public static DemoServer start() throws IOException {
    return start(1.0, System.nanoTime());
  }

  /**
   * Starts a server on 127.0.0.1 and a free port.
   *
   * @param timeScale multiplies every wait (tests use a small one); reported timings stay nominal
   * @param seed for the text, lengths and speeds
   */
  public static DemoServer start(double timeScale, long seed) throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    DemoServer demo = new DemoServer(http, executor, timeScale, seed);
    http.createContext("/", demo::handle);
    http.start();
    return demo;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests answered so far (completely or not). */
  public long answered() {
    return answered.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("GET") && path.equals("/health")) {
        json(ex, 200, Shapes.copy("server", "health"));
      } else if (method.equals("GET") && (path.equals("/v1/models") || path.equals("/models"))) {
        json(ex, 200, models());
      } else if (method.equals("POST") && Ask.family(path) != null) {
        generate(ex, Ask.family(path), body);
      } else {
        error(ex, 404, "File Not Found", "not_found_error");
      }
    } catch (IOException | InterruptedException gone) {
      // the client hung up (or the server stops): stop generating, as llama-server does
      if (gone instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      answered.incrementAndGet();
    }
  }

  private void generate(HttpExchange ex, EndpointFamily family, byte[] body)
      throws IOException, InterruptedException {
    JsonNode request;
    try {
      request = Shapes.JSON.readTree(body);
    } catch (IOException e) {
      error(ex, 500, "[json.exception.parse_error] malformed JSON", "server_error");
      return;
    }
    if (request == null || !request.isObject()) {
      error(ex, 400, "the request body must be a JSON object", "invalid_request_error");
      return;
    }
    Ask ask = Ask.of(family, request);
    int promptTokens = PromptCache.tokens(ask.prompt());
    if (promptTokens > ask.model().contextSize()) {
      sleep(20 + promptTokens / 100.0); // tokenizing takes a moment
      ObjectNode overflow = Shapes.copy("server", "context_overflow");
      ObjectNode e = (ObjectNode) overflow.get("error");
      e.put(
          "message",
          "request ("
              + promptTokens
              + " tokens) exceeds the available context size ("
              + ask.model().contextSize()
              + " tokens), try increasing it");
      e.put("n_prompt_tokens", promptTokens).put("n_ctx", ask.model().contextSize());
      ex.getResponseHeaders().add("Connection", "close");
      json(ex, 400, overflow);
      return;
    }
    Answer answer;
    Generation g;
    synchronized (random) {
      answer = Answer.decide(ask, promptTokens, cache.lookUp(ask.prompt()), random);
      g = answer.generation("msg_" + Answer.randomId(random));
    }
    if (!ask.stream()) {
      sleep(answer.promptMs() + answer.predictedMs());
      json(ex, 200, family.wholeReply(g));
      return;
    }
    ex.getResponseHeaders().add("Server", "llama.cpp");
    ex.getResponseHeaders().add("Access-Control-Allow-Origin", "");
    ex.getResponseHeaders().add("X-Accel-Buffering", "no");
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    EndpointFamily.Events events =
        (name, data) -> {
          String event = (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
          out.write(event.getBytes(StandardCharsets.UTF_8));
          out.flush();
        };
    sleep(answer.promptMs());
    family.replyHead(g, events);
    for (int i = 0; i < answer.completionTokens(); i++) {
      if (i > 0) {
        sleep(answer.tokenMs()[i]);
      }
      family.replyToken(g, events, i);
    }
    family.replyTail(g, events);
    out.close();
  }

  private ObjectNode models() {
    ObjectNode shape = Shapes.copy("server", "models");
    ArrayNode models = (ArrayNode) shape.get("models");
    ArrayNode data = (ArrayNode) shape.get("data");
    ObjectNode modelShape = (ObjectNode) models.get(0);
    ObjectNode dataShape = (ObjectNode) data.get(0);
    models.removeAll();
    data.removeAll();
    for (DemoModel m : List.of(DemoModel.CODER, DemoModel.SMALL)) {
      models.add(modelShape.deepCopy().put("name", m.name()).put("model", m.name()));
      ObjectNode d = dataShape.deepCopy().put("id", m.name());
      ((ArrayNode) d.get("aliases")).removeAll().add(m.name());
      ((ObjectNode) d.get("meta")).put("n_ctx", m.contextSize());
      data.add(d);
    }
    return shape;
  }

  private void error(HttpExchange ex, int status, String message, String type) throws IOException {
    ObjectNode body = Shapes.JSON.createObjectNode();
    body.putObject("error").put("code", status).put("message", message).put("type", type);
    ex.getResponseHeaders().add("Connection", "close");
    json(ex, status, body);
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = Shapes.text(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Server", "llama.cpp");
    ex.getResponseHeaders().add("Access-Control-Allow-Origin", "");
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void sleep(double nominalMs) throws InterruptedException {
    long nanos = (long) (nominalMs * timeScale * 1_000_000);
    if (nanos > 0) {
      Thread.sleep(Duration.ofNanos(nanos));
    }
  }
}
