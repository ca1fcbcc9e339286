package dev.tokentap.forward;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that runs one script per accepted connection, in order (then the {@link
 * #otherwise} script, if any), and records the exact bytes each connection received: enough to test
 * HTTP framing byte by byte. Scripts run on a virtual thread of their own and may hand the test
 * what they saw ({@link #readMessage}, {@link #awaitPeerGone}, {@link #signal}).
 */
final class ScriptedUpstream implements AutoCloseable {

  /** What the server does with one connection. */
  interface Script {
    void run(ScriptedUpstream server, InputStream in, OutputStream out) throws Exception;
  }

  /** One accepted connection and every byte read from it so far. */
  private record Connection(Socket socket, ByteArrayOutputStream received) {}

  private static final ThreadLocal<Socket> CURRENT = new ThreadLocal<>();

  private volatile ServerSocket server;
  private final int port;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private volatile Script otherwise;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<HttpWire.Message> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> peerGone = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();
  private final CopyOnWriteArrayList<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  ScriptedUpstream(Script... connections) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    port = server.getLocalPort();
    for (Script s : connections) {
      scripts.add(s);
    }
    ServerSocket s = server;
    Thread.ofVirtual().start(() -> acceptLoop(s));
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The Host header value a request for this server carries. */
  String hostPort() {
    return "127.0.0.1:" + port;
  }

  int accepted() {
    return accepted.get();
  }

  /** Adds a script for a connection still to come. */
  ScriptedUpstream enqueue(Script script) {
    scripts.add(script);
    return this;
  }

  /** The script for every connection once the queued ones are used up. */
  ScriptedUpstream otherwise(Script script) {
    otherwise = script;
    return this;
  }

  /** The socket of the connection the calling script runs for. */
  static Socket socket() {
    return CURRENT.get();
  }

  /** Every byte connection {@code index} (0 = first accepted) has received so far. */
  byte[] received(int index) {
    ByteArrayOutputStream b = connections.get(index).received();
    synchronized (b) {
      return b.toByteArray();
    }
  }

  /** The next request (head and body as ISO-8859-1 text) a script read, waiting up to 5 s. */
  String takeRequest() throws InterruptedException {
    String r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 5 s");
    }
    return r;
  }

  /** The next request a script read with {@link #readMessage}, waiting up to 10 s. */
  HttpWire.Message takeMessage() throws InterruptedException {
    HttpWire.Message m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("the upstream read no request within 10 s");
    }
    return m;
  }

  /** Reads one whole request (head and body exactly), records it for {@link #takeMessage}. */
  HttpWire.Message readMessage(InputStream in) throws IOException {
    HttpWire.Message m = HttpWire.readRequest(in);
    if (m != null) {
      messages.add(m);
    }
    return m;
  }

  /** Reads a request head only, records it as a message without body. */
  String readHead(InputStream in) throws IOException {
    String head = HttpWire.readHead(in);
    if (head != null) {
      messages.add(new HttpWire.Message(head, new byte[0], java.util.List.of(), false));
    }
    return head;
  }

  /**
   * Reads (and drops) until the peer closes the connection or resets it, as a server watching its
   * socket does; records and returns the {@link System#nanoTime()} at which it saw that.
   */
  long awaitPeerGone(InputStream in) {
    return awaitPeerGone(in, Duration.ofMinutes(10));
  }

  /** As {@link #awaitPeerGone(InputStream)}, but gives up after {@code atMost}: then -1. */
  long awaitPeerGone(InputStream in, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    byte[] buf = new byte[64 * 1024];
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return -1;
        }
        socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        if (in.read(buf) < 0) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (IOException e) {
      // reset: gone as well
    }
    long at = System.nanoTime();
    peerGone.add(at);
    return at;
  }

  /** When a script last saw its peer go ({@link #awaitPeerGone}), waiting up to {@code atMost}. */
  Long takePeerGone(Duration atMost) throws InterruptedException {
    return peerGone.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets a script tell the test that it reached a point. */
  void signal(String what) {
    signals.add(what);
  }

  /** Waits up to 10 s for the next signal, which must be {@code what}. */
  void awaitSignal(String what) throws InterruptedException {
    String got = signals.poll(10, TimeUnit.SECONDS);
    if (!what.equals(got)) {
      throw new AssertionError("expected upstream signal " + what + ", got " + got);
    }
  }

  /**
   * Stops the server as a restarted process would: the listening socket and every connection close
   * at once; then it listens again on the same port, with the same scripts.
   */
  void restart() throws IOException {
    closeAll();
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        break;
      } catch (java.net.BindException e) {
        // the old listening socket closes once its accept loop has woken up
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    server = s;
    Thread.ofVirtual().start(() -> acceptLoop(s));
  }

  private void acceptLoop(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket s = listening.accept();
        s.setTcpNoDelay(true);
        accepted.incrementAndGet();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        connections.add(new Connection(s, received));
        Script queued = scripts.poll();
        Script script = queued != null ? queued : otherwise;
        Thread.ofVirtual()
            .start(
                () -> {
                  CURRENT.set(s);
                  try (s) {
                    if (script != null) {
                      InputStream in =
                          new BufferedInputStream(new Recording(s.getInputStream(), received));
                      script.run(this, in, s.getOutputStream());
                    }
                  } catch (Exception e) {
                    // the connection is over
                  }
                });
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * Reads one request: its head, then a body of its Content-Length, or chunks up to the last;
   * records it and returns it. Null when the connection ended before a request.
   */
  String readRequest(InputStream in) throws IOException {
    String head = readUntil(in, "\r\n\r\n");
    if (head == null) {
      return null;
    }
    StringBuilder request = new StringBuilder(head);
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int cl = lower.indexOf("\r\ncontent-length: ");
    if (cl >= 0) {
      int end = lower.indexOf("\r\n", cl + 2);
      int n = Integer.parseInt(head.substring(cl + 18, end).trim());
      request.append(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
    } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
      request.append(readUntil(in, "\r\n0\r\n\r\n"));
    }
    requests.add(request.toString());
    return request.toString();
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      got.write(b);
      if (got.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
        return got.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return got.size() == 0 ? null : got.toString(StandardCharsets.ISO_8859_1);
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void closeAll() throws IOException {
    server.close();
    for (Connection c : connections) {
      c.socket().close();
    }
  }

  @Override
  public void close() throws IOException {
    closeAll();
  }

  /** Copies every byte read from the socket into the connection's record. */
  private static final class Recording extends FilterInputStream {
    private final ByteArrayOutputStream received;

    Recording(InputStream in, ByteArrayOutputStream received) {
      super(in);
      this.received = received;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        synchronized (received) {
          received.write(b);
        }
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        synchronized (received) {
          received.write(b, off, n);
        }
      }
      return n;
    }
  }
}
