package dev.tokentap.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.endpoint.Shapes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Sends a human-paced mix of requests through TokenTap's listen port: a new one every 1-4 s, from
 * an editor plugin (chat and autocomplete, streamed), two coding agents (Anthropic messages and
 * OpenAI responses, with conversations that grow, so the server's prompt cache hits) and a batch
 * script (non-streamed summaries on the small model). Twice in every {@link #PLAYLIST} round a user
 * gives up on a stream midway, and a script pastes a log too long for the context (a 400).
 */
public final class DemoTraffic implements AutoCloseable {

  private enum Step {
    EDITOR_CHAT_STREAM,
    AUTOCOMPLETE,
    AGENT_MODELS,
    AGENT_MESSAGES_STREAM,
    EDITOR_CHAT_CANCELLED,
    SCRIPT_SUMMARY,
    AGENT_RESPONSES_STREAM,
    SCRIPT_OVERSIZED,
    EDITOR_NATIVE_STREAM,
    AGENT_MESSAGES,
    AUTOCOMPLETE_STREAM,
    SCRIPT_NATIVE,
    AGENT_RESPONSES,
    EDITOR_CHAT_NO_USAGE,
    AGENT_MESSAGES_CANCELLED,
    SCRIPT_SUMMARY_RESPONSES,
  }

  /** The order requests are sent in, round after round; a short run sees every kind early. */
  static final List<Step> PLAYLIST =
      List.of(
          Step.EDITOR_CHAT_STREAM,
          Step.AUTOCOMPLETE,
          Step.AGENT_MODELS,
          Step.AGENT_MESSAGES_STREAM,
          Step.EDITOR_CHAT_CANCELLED,
          Step.SCRIPT_SUMMARY,
          Step.AGENT_RESPONSES_STREAM,
          Step.SCRIPT_OVERSIZED,
          Step.EDITOR_NATIVE_STREAM,
          Step.AUTOCOMPLETE,
          Step.AGENT_MESSAGES,
          Step.AUTOCOMPLETE_STREAM,
          Step.SCRIPT_NATIVE,
          Step.AGENT_MESSAGES_STREAM,
          Step.AGENT_RESPONSES,
          Step.EDITOR_CHAT_NO_USAGE,
          Step.AUTOCOMPLETE,
          Step.AGENT_MESSAGES_CANCELLED,
          Step.SCRIPT_SUMMARY_RESPONSES,
          Step.EDITOR_CHAT_STREAM);

  static final String EDITOR = "editor-plugin/1.4.2 (vscode 1.106; TokenTap demo)";
  static final String AGENT = "coding-agent/0.9.1 (anthropic-messages; TokenTap demo)";
  static final String RESEARCHER = "research-agent/2.3.0 (openai-responses; TokenTap demo)";
  static final String SCRIPT = "python-requests/2.32.3 summarize.py (TokenTap demo)";

  private final Supplier<InetSocketAddress> target;
  private final double timeScale;
  private final RandomGenerator random;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread pacer;
  private volatile boolean running = true;

  // what the clients have said so far: later prompts share these prefixes
  private final String editorSystem;
  private final String agentSystem;
  private final List<String> agentTurns = new ArrayList<>();
  private final List<String> researchTurns = new ArrayList<>();
  private String file;
  private int cursor;

  private DemoTraffic(Supplier<InetSocketAddress> target, double timeScale, long seed) {
    this.target = target;
    this.timeScale = timeScale;
    this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    this.editorSystem =
        "You are a coding assistant inside the user's editor. Answer briefly, with code.\n"
            + DemoText.prose(900, random);
    this.agentSystem =
        "You are an autonomous coding agent. Tools: read_file, write_file, run_tests, search.\n"
            + DemoText.prose(1400, random);
    this.pacer = Thread.ofPlatform().daemon().name("tokentap-demo-traffic").unstarted(this::pace);
  }

  /**
   * Starts sending to the address {@code target} gives (asked again for each request, so a changed
   * listen address is followed; null skips a beat).
   *
   * @param timeScale multiplies the pauses between requests (tests use a small one)
   */
  public static DemoTraffic start(Supplier<InetSocketAddress> target, double timeScale, long seed) {
    DemoTraffic traffic = new DemoTraffic(target, timeScale, seed);
    traffic.pacer.start();
    return traffic;
  }

  /** Requests sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Requests that got no answer at all (TokenTap not listening, for instance). */
  public long failed() {
    return failed.get();
  }

  /** Stops sending and hangs up on the requests still running. */
  @Override
  public void close() {
    running = false;
    pacer.interrupt();
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      pacer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pace() {
    int i = 0;
    try {
      sleep(300);
      while (running) {
        InetSocketAddress to = target.get();
        if (to != null) {
          DemoRequest request = next(PLAYLIST.get(i++ % PLAYLIST.size()));
          Thread.ofVirtual().name("tokentap-demo-request").start(() -> send(request, to));
        }
        sleep(1_000 + random.nextInt(3_000));
      }
    } catch (InterruptedException stopped) {
      // close() was called
    }
  }

  private void send(DemoRequest request, InetSocketAddress to) {
    sent.incrementAndGet();
    try {
      request.send(to, open);
    } catch (IOException e) {
      if (running) {
        failed.incrementAndGet();
      }
    }
  }

  private void sleep(long nominalMs) throws InterruptedException {
    Thread.sleep(Duration.ofNanos((long) (nominalMs * timeScale * 1_000_000)));
  }

  /** The request for {@code step}, with fresh text; updates the clients' conversations. */
  private synchronized DemoRequest next(Step step) {
    return switch (step) {
      case EDITOR_CHAT_STREAM -> editorChat(true, -1);
      case EDITOR_CHAT_NO_USAGE -> editorChat(false, -1);
      case EDITOR_CHAT_CANCELLED -> editorChat(true, 6 + random.nextInt(20));
      case AUTOCOMPLETE -> autocomplete(false);
      case AUTOCOMPLETE_STREAM -> autocomplete(true);
      case EDITOR_NATIVE_STREAM -> {
        ObjectNode body = body(DemoModel.CODER);
        body.put("prompt", editorSystem + fileUpToCursor()).put("n_predict", 96);
        body.put("stream", true);
        yield post("/completion", EDITOR, "sk-demo-editor-4f2a", body, -1);
      }
      case AGENT_MODELS ->
          new DemoRequest("GET", "/v1/models", AGENT, "sk-demo-agent-9c1e", null, -1);
      case AGENT_MESSAGES_STREAM -> agentMessages(true, -1);
      case AGENT_MESSAGES -> agentMessages(false, -1);
      case AGENT_MESSAGES_CANCELLED -> agentMessages(true, 10 + random.nextInt(30));
      case AGENT_RESPONSES_STREAM -> research(true);
      case AGENT_RESPONSES -> research(false);
      case SCRIPT_SUMMARY -> summary(DemoModel.SMALL, 300 + random.nextInt(1_500));
      case SCRIPT_OVERSIZED -> summary(DemoModel.SMALL, 9_000 + random.nextInt(4_000));
      case SCRIPT_NATIVE -> {
        ObjectNode body = body(DemoModel.SMALL);
        body.put("prompt", "Summary of the following notes:\n" + DemoText.prose(400, random));
        body.put("n_predict", 128);
        yield post("/completion", SCRIPT, null, body, -1);
      }
      case SCRIPT_SUMMARY_RESPONSES -> {
        ObjectNode body = body(DemoModel.SMALL);
        body.put("instructions", "Summarize in three bullet points.");
        body.put("input", DemoText.prose(200 + random.nextInt(800), random));
        body.put("max_output_tokens", 200);
        yield post("/v1/responses", SCRIPT, null, body, -1);
      }
    };
  }

  private DemoRequest editorChat(boolean includeUsage, int hangUpAfter) {
    ObjectNode body = body(DemoModel.CODER);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", editorSystem);
    messages.addObject().put("role", "user").put("content", "Current file:\n" + currentFile());
    messages
        .addObject()
        .put("role", "user")
        .put("content", "Why does this " + DemoText.prose(20 + random.nextInt(60), random));
    body.put("stream", true).put("max_tokens", 512);
    if (includeUsage) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return post("/v1/chat/completions", EDITOR, "sk-demo-editor-4f2a", body, hangUpAfter);
  }

  private DemoRequest autocomplete(boolean stream) {
    cursor = Math.min(currentFile().length(), cursor + 20 + random.nextInt(200));
    ObjectNode body = body(DemoModel.CODER);
    body.put("prompt", "<|fim_prefix|>" + fileUpToCursor() + "<|fim_suffix|><|fim_middle|>");
    body.put("max_tokens", 48 + random.nextInt(3) * 16).put("stream", stream);
    return post("/v1/completions", EDITOR, "sk-demo-editor-4f2a", body, -1);
  }

  private DemoRequest agentMessages(boolean stream, int hangUpAfter) {
    grow(agentTurns);
    ObjectNode body = body(DemoModel.CODER);
    body.put("system", agentSystem).put("max_tokens", 1024).put("stream", stream);
    ArrayNode messages = body.putArray("messages");
    for (int i = 0; i < agentTurns.size(); i++) {
      messages
          .addObject()
          .put("role", i % 2 == 0 ? "user" : "assistant")
          .put("content", agentTurns.get(i));
    }
    return post("/v1/messages", AGENT, "sk-demo-agent-9c1e", body, hangUpAfter);
  }

  private DemoRequest research(boolean stream) {
    grow(researchTurns);
    ObjectNode body = body(DemoModel.CODER);
    body.put("instructions", agentSystem).put("max_output_tokens", 800).put("stream", stream);
    ArrayNode input = body.putArray("input");
    for (int i = 0; i < researchTurns.size(); i++) {
      input
          .addObject()
          .put("role", i % 2 == 0 ? "user" : "assistant")
          .put("content", researchTurns.get(i));
    }
    return post("/v1/responses", RESEARCHER, "sk-demo-research-77d0", body, -1);
  }

  /** One more exchange in a conversation; a long one starts over (a new task). */
  private void grow(List<String> turns) {
    int chars = turns.stream().mapToInt(String::length).sum();
    if (chars > 18_000 || turns.isEmpty()) {
      turns.clear();
      turns.add("Task: " + DemoText.prose(40 + random.nextInt(80), random));
      return;
    }
    turns.add(DemoText.prose(40 + random.nextInt(200), random)); // what the model answered
    turns.add("Tool result:\n" + DemoText.prose(100 + random.nextInt(600), random));
  }

  private DemoRequest summary(DemoModel model, int documentTokens) {
    ObjectNode body = body(model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", "Summarize the document.");
    messages.addObject().put("role", "user").put("content", DemoText.prose(documentTokens, random));
    body.put("max_tokens", 300);
    return post("/v1/chat/completions", SCRIPT, null, body, -1);
  }

  private String currentFile() {
    if (file == null || cursor >= file.length()) {
      file = "// " + DemoText.prose(600 + random.nextInt(900), random);
      cursor = random.nextInt(200);
    }
    return file;
  }

  private String fileUpToCursor() {
    return currentFile().substring(0, cursor);
  }

  private static ObjectNode body(DemoModel model) {
    ObjectNode body = Shapes.JSON.createObjectNode();
    body.put("model", model.name());
    return body;
  }

  private static DemoRequest post(
      String path, String agent, String key, ObjectNode body, int hangUpAfter) {
    return new DemoRequest("POST", path, agent, key, Shapes.text(body), hangUpAfter);
  }
}
