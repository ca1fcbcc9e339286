package dev.tokentap.testing;

import dev.tokentap.model.Header;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fake model server on a real loopback socket that answers with recorded llama-server bytes,
 * chunk by chunk, at their recorded times. It records what it received (like MockWebServer's {@code
 * takeRequest}) and notices when the other side hangs up.
 */
public final class ReplayUpstream implements AutoCloseable {

  /** What was received: the request as the forwarder sent it. */
  public record Received(String method, String target, List<Header> headers, byte[] body) {
    public String header(String name) {
      return Header.first(headers, name);
    }
  }

  /** How to answer one request. */
  public record Reply(Fixture fixture, double timeScale, Ending ending) {
    public static Reply of(Fixture fixture) {
      return new Reply(fixture, 1.0, Ending.COMPLETE);
    }

    public Reply scaled(double scale) {
      return new Reply(fixture, scale, ending);
    }

    public Reply ending(Ending newEnding) {
      return new Reply(fixture, timeScale, newEnding);
    }
  }

  /** How a reply ends. */
  public enum Ending {
    /** As recorded. */
    COMPLETE,
    /** After the recorded chunks, close the socket without the last chunk: a dying server. */
    DIE_MIDSTREAM,
    /** After the recorded chunks, keep sending the last one every 20 ms until the peer is gone. */
    KEEP_STREAMING,
    /** After the first chunk, wait for {@link #releaseGate()} before sending the rest. */
    GATED
  }

  // the answers to health checks and to TokenTap's own calls, read once: the server panel's reads
  // come up to four times a second
  private static final Fixture HEALTH = Fixture.load("get_health");
  private static final Fixture UNKNOWN_PATH = Fixture.load("error_unknown_path_post");

  private final ServerSocket server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final CountDownLatch peerGone = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final Thread acceptor;
  private volatile boolean answersHealthChecks;
  private volatile Function<Received, Reply> answering;

  public ReplayUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public void enqueue(Reply reply) {
    replies.add(reply);
  }

  /** The next request received, waiting up to 10 s. */
  public Received takeRequest() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("the upstream received no request within 10 s");
    }
    return r;
  }

  /** Waits until a reply could not be written because the other side had gone. */
  public boolean awaitPeerGone(long timeout, TimeUnit unit) throws InterruptedException {
    return peerGone.await(timeout, unit);
  }

  /** Lets a {@link Ending#GATED} reply go on after its first chunk. */
  public void releaseGate() {
    gate.countDown();
  }

  /**
   * Answers {@code GET /health} like a ready llama-server from now on, without taking a queued
   * reply or counting it as a received request (the window asks it every few seconds); the window's
   * other own calls (the Server tab's, User-Agent {@code TokenTap/...}) get a 404 the same way.
   */
  public ReplayUpstream answeringHealthChecks() {
    answersHealthChecks = true;
    return this;
  }

  /**
   * Answers every request with what {@code reply} gives for it, without the queue (a benchmark's
   * steady traffic, where each client's request decides its answer).
   */
  public ReplayUpstream answering(Function<Received, Reply> reply) {
    answering = reply;
    return this;
  }

  private static boolean isHealthCheck(Received r) {
    return r.method().equals("GET") && r.target().equals("/health");
  }

  private static boolean isOwnCall(Received r) {
    String agent = r.header("User-Agent");
    return r.method().equals("GET") && agent != null && agent.startsWith("TokenTap/");
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Received request = RawHttp.readRequest(in);
        if (request == null) {
          return;
        }
        long readNanos = System.nanoTime();
        if (answersHealthChecks && (isHealthCheck(request) || isOwnCall(request))) {
          Fixture answer = isHealthCheck(request) ? HEALTH : UNKNOWN_PATH;
          if (!answer(Reply.of(answer), out, readNanos)) {
            return;
          }
          continue;
        }
        Function<Received, Reply> by = answering;
        if (by != null) {
          if (!answer(by.apply(request), out, readNanos)) {
            return;
          }
          continue;
        }
        received.add(request);
        Reply reply = replies.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
          return;
        }
        if (!answer(reply, out, readNanos)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // connection over
    }
  }

  /** Writes one reply; false when the connection must close afterwards. */
  private boolean answer(Reply reply, OutputStream out, long startNanos) throws IOException {
    Fixture f = reply.fixture();
    boolean chunked = "chunked".equalsIgnoreCase(f.responseHeader("Transfer-Encoding"));
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(f.status()).append(' ').append(f.reasonPhrase()).append("\r\n");
    for (Header h : f.responseHeaders()) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    head.append("\r\n");
    List<Fixture.Chunk> chunks = f.chunks();
    double firstMs = chunks.isEmpty() ? f.ttfbMs() : chunks.getFirst().msSinceRequest();
    sleepUntil(startNanos, Math.min(firstMs, f.ttfbMs()) * reply.timeScale());
    try {
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      for (int i = 0; i < chunks.size(); i++) {
        Fixture.Chunk c = chunks.get(i);
        if (i == 1 && reply.ending() == Ending.GATED) {
          awaitGate();
        } else {
          sleepUntil(startNanos, c.msSinceRequest() * reply.timeScale());
        }
        writeBody(out, c.bytes(), chunked);
      }
      switch (reply.ending()) {
        case COMPLETE, GATED -> {
          if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
        }
        case DIE_MIDSTREAM -> {
          return false;
        }
        case KEEP_STREAMING -> {
          byte[] last = chunks.getLast().bytes();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (System.nanoTime() < deadline) {
            sleep(20);
            writeBody(out, last, chunked);
          }
          return false;
        }
      }
    } catch (IOException e) {
      peerGone.countDown();
      return false;
    }
    return !"close".equalsIgnoreCase(f.responseHeader("Connection"));
  }

  private static void writeBody(OutputStream out, byte[] bytes, boolean chunked)
      throws IOException {
    if (chunked) {
      out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    } else {
      out.write(bytes);
    }
    out.flush();
  }

  private static void sleepUntil(long startNanos, double ms) {
    long wait = startNanos + (long) (ms * 1e6) - System.nanoTime();
    if (wait > 0) {
      sleep(TimeUnit.NANOSECONDS.toMillis(wait));
    }
  }

  private void awaitGate() {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.interrupt();
  }
}
