package dev.tokentap.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The model server stand-in: a raw-socket HTTP/1.1 server on 127.0.0.1 with one platform thread per
 * connection (keep-alive, TCP_NODELAY). {@code POST /v1/chat/completions} answers a fixed JSON
 * completion, or, when the body asks for {@code "stream": true}, a chunked {@code
 * text/event-stream} whose events are written and flushed one by one, each stamped with its {@link
 * System#nanoTime} send time. Every path under test talks to this same server.
 *
 * <p>A stream request carrying {@link HttpHead#PACED_HEADER} is paced differently: its events are
 * written by one shared pacer thread (a timer queue over all such streams) instead of the
 * connection's own thread sleeping between events, so that hundreds of concurrent streams cost one
 * thread's wake-ups, not hundreds; each such stream gets its own gap sequence and a random start
 * offset, so their events do not all fall due at the same instant.
 */
final class FakeUpstream implements AutoCloseable {

  /** How a stream looks: event count and the (seeded, same for every stream) random spacing. */
  record StreamShape(int events, long minGapNanos, long maxGapNanos, long seed) {}

  private static final byte[] JSON_RESPONSE = withHead("application/json; charset=utf-8");
  private static final byte[] SSE_HEAD =
      Payloads.ascii(
          "HTTP/1.1 200 OK\r\nServer: llama.cpp\r\nContent-Type: text/event-stream\r\n"
              + "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
  private static final byte[] HEALTH =
      Payloads.ascii(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
              + "{\"status\":\"ok\"}");
  private static final byte[] NOT_FOUND =
      Payloads.ascii(
          "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n"
              + "{\"error\":\"not found\"}");
  private static final byte[] DONE_AND_END =
      Payloads.ascii(
          Integer.toHexString(Payloads.SSE_DONE.length)
              + "\r\n"
              + new String(Payloads.SSE_DONE, StandardCharsets.US_ASCII)
              + "\r\n0\r\n\r\n");
  private static final byte[] CONTINUE = Payloads.ascii("HTTP/1.1 100 Continue\r\n\r\n");

  private final ServerSocket server;
  private final StreamShape shape;
  private final ExecutorService connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private final AtomicLong connectionCount = new AtomicLong();
  private final AtomicInteger pacedNow = new AtomicInteger();
  private final AtomicInteger pacedMax = new AtomicInteger();
  private final Pacer pacer = new Pacer();
  private final Thread acceptor;

  private FakeUpstream(ServerSocket server, StreamShape shape) {
    this.server = server;
    this.shape = shape;
    this.connections =
        Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("upstream-", 0).factory());
    this.acceptor = Thread.ofPlatform().daemon().name("upstream-accept").unstarted(this::accept);
  }

  static FakeUpstream start(StreamShape shape) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    FakeUpstream up = new FakeUpstream(ss, shape);
    up.acceptor.start();
    return up;
  }

  int port() {
    return server.getLocalPort();
  }

  long requests() {
    return requests.get();
  }

  long streams() {
    return streams.get();
  }

  /** The most paced streams that were running at the same time, since the last call. */
  int takePacedMax() {
    return pacedMax.getAndSet(pacedNow.get());
  }

  /** TCP connections accepted so far (a forwarder that reuses connections opens few). */
  long connectionsAccepted() {
    return connectionCount.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connectionCount.incrementAndGet();
        open.add(s);
        connections.execute(() -> serve(s));
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      HttpReader in = new HttpReader(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        HttpHead head = HttpHead.readOrNull(in);
        if (head == null) {
          return;
        }
        if (head.expectContinue()) {
          out.write(CONTINUE);
          out.flush();
        }
        byte[] body = readBody(in, head);
        requests.incrementAndGet();
        String line = head.startLine();
        if (line.startsWith("POST /v1/chat/completions")) {
          if (asksForStream(body)) {
            streams.incrementAndGet();
            if (!head.pacing().isEmpty()) {
              paced(out, head.pacing());
            } else {
              stream(out);
            }
          } else {
            out.write(JSON_RESPONSE);
            out.flush();
          }
        } else if (line.startsWith("GET /health")) {
          out.write(HEALTH);
          out.flush();
        } else {
          out.write(NOT_FOUND);
          out.flush();
        }
        if (head.connectionClose()) {
          return;
        }
      }
    } catch (SocketException e) {
      // peer went away (load generator stopping, proxy closing an idle connection): normal
    } catch (IOException e) {
      // malformed or cut-off request: drop the connection, as a real server would
    } finally {
      open.remove(s);
    }
  }

  private static byte[] readBody(HttpReader in, HttpHead head) throws IOException {
    ByteSink sink = new ByteSink();
    if (head.chunked()) {
      in.readChunked(sink);
    } else if (head.contentLength() > 0) {
      if (head.contentLength() > 1 << 20) {
        throw new IOException("request body too large for the fake upstream");
      }
      in.readFixed(head.contentLength(), sink);
    }
    return sink.bytes();
  }

  private static boolean asksForStream(byte[] body) {
    return Payloads.contains(body, "\"stream\": true")
        || Payloads.contains(body, "\"stream\":true");
  }

  private void stream(OutputStream out) throws IOException {
    out.write(SSE_HEAD);
    out.flush();
    byte[] chunk = eventChunk();
    int stampOffset = chunk.length - Payloads.SSE_EVENT_TEMPLATE.length - 2;
    SplittableRandom gaps = new SplittableRandom(shape.seed());
    for (int i = 0; i < shape.events(); i++) {
      LockSupport.parkNanos(gaps.nextLong(shape.minGapNanos(), shape.maxGapNanos() + 1));
      Payloads.stampSendTime(chunk, stampOffset, System.nanoTime());
      out.write(chunk);
      out.flush();
    }
    out.write(DONE_AND_END);
    out.flush();
  }

  /** Hands the stream to the pacer and waits until it has written the last event. */
  private void paced(OutputStream out, String pacing) throws IOException {
    StreamShape own = pacedShape(pacing);
    out.write(SSE_HEAD);
    out.flush();
    long n = streams.get();
    SplittableRandom gaps = new SplittableRandom(own.seed() * 31 + n);
    PacedStream p =
        new PacedStream(out, gaps, own, System.nanoTime() + gaps.nextLong(0, own.maxGapNanos()));
    pacedMax.accumulateAndGet(pacedNow.incrementAndGet(), Math::max);
    try {
      pacer.add(p);
      p.done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the pacer streams", e);
    } finally {
      pacedNow.decrementAndGet();
    }
    if (p.failure != null) {
      throw p.failure;
    }
  }

  /** The shape a paced stream asks for ({@code EVENTS,MIN_GAP_US,MAX_GAP_US}), or this server's. */
  private StreamShape pacedShape(String pacing) {
    String[] p = pacing.split(",");
    if (p.length != 3) {
      return shape;
    }
    try {
      return new StreamShape(
          Integer.parseInt(p[0].trim()),
          Long.parseLong(p[1].trim()) * 1_000,
          Long.parseLong(p[2].trim()) * 1_000,
          shape.seed());
    } catch (NumberFormatException e) {
      return shape;
    }
  }

  /** One paced stream: where it goes, its gaps, what is left, when its next event is due. */
  private static final class PacedStream {
    final OutputStream out;
    final SplittableRandom gaps;
    final StreamShape shape;
    final CountDownLatch done = new CountDownLatch(1);
    int left;
    long due;
    volatile IOException failure;

    PacedStream(OutputStream out, SplittableRandom gaps, StreamShape shape, long firstDue) {
      this.out = out;
      this.gaps = gaps;
      this.shape = shape;
      this.left = shape.events();
      this.due = firstDue;
    }
  }

  /**
   * The one thread that writes the events of all paced streams, each when it falls due (stamped
   * right before its write, like the per-connection streams). Started with the first paced stream.
   */
  private final class Pacer implements Runnable {
    private final PriorityQueue<PacedStream> queue =
        new PriorityQueue<>(Comparator.comparingLong((PacedStream p) -> p.due));
    private final byte[] chunk = eventChunk();
    private final int stampOffset = chunk.length - Payloads.SSE_EVENT_TEMPLATE.length - 2;
    private Thread thread; // guarded by this

    synchronized void add(PacedStream p) {
      queue.add(p);
      if (thread == null) {
        thread = Thread.ofPlatform().daemon().name("upstream-pacer").start(this);
      } else {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      while (!server.isClosed()) {
        PacedStream p;
        long wait;
        synchronized (this) {
          PacedStream head = queue.peek();
          long now = System.nanoTime();
          if (head == null) {
            p = null;
            wait = 50_000_000L;
          } else if (head.due - now <= 0) {
            p = queue.poll();
            wait = 0;
          } else {
            p = null;
            wait = head.due - now;
          }
        }
        if (p == null) {
          LockSupport.parkNanos(this, wait);
          continue;
        }
        if (writeNext(p)) {
          synchronized (this) {
            queue.add(p);
          }
        }
      }
    }

    /** Writes the stream's next event (and after the last, its end); true when more are to come. */
    private boolean writeNext(PacedStream p) {
      try {
        if (p.left > 0) {
          Payloads.stampSendTime(chunk, stampOffset, System.nanoTime());
          p.out.write(chunk);
          p.out.flush();
          p.left--;
        }
        if (p.left > 0) {
          p.due += p.gaps.nextLong(p.shape.minGapNanos(), p.shape.maxGapNanos() + 1);
          return true;
        }
        p.out.write(DONE_AND_END);
        p.out.flush();
      } catch (IOException e) {
        p.failure = e;
      }
      p.done.countDown();
      return false;
    }
  }

  /** One SSE event as an HTTP chunk (size line, event, CRLF), ready to stamp. */
  private static byte[] eventChunk() {
    byte[] event = Payloads.SSE_EVENT_TEMPLATE;
    byte[] prefix = Payloads.ascii(Integer.toHexString(event.length) + "\r\n");
    byte[] chunk = new byte[prefix.length + event.length + 2];
    System.arraycopy(prefix, 0, chunk, 0, prefix.length);
    System.arraycopy(event, 0, chunk, prefix.length, event.length);
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    return chunk;
  }

  private static byte[] withHead(String contentType) {
    byte[] body = Payloads.CHAT_RESPONSE;
    byte[] head =
        ("HTTP/1.1 200 OK\r\nServer: llama.cpp\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    connections.shutdownNow();
    synchronized (pacer) {
      if (pacer.thread != null) {
        LockSupport.unpark(pacer.thread);
      }
    }
  }

  /** Collects body bytes. */
  static final class ByteSink implements HttpReader.Sink {
    private byte[] buf = new byte[512];
    private int len;

    @Override
    public void accept(byte[] b, int off, int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, len);
    }
  }
}
