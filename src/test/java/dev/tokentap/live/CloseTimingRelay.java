package dev.tokentap.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A byte-for-byte TCP relay in front of llama-server that notes, to the nanosecond, when each side
 * of a connection ends its stream: the hang-up test's clock for "TokenTap closed its connection to
 * llama-server". Each connection from TokenTap gets its own connection to llama-server, bytes are
 * copied as they come, and an end (FIN) or a reset on one side is passed on to the other at once,
 * so llama-server sees TokenTap's close as its own socket would.
 *
 * <p>Why not read the kernel's socket table instead: on this kind of machine one read of {@code
 * /proc/net/tcp} takes about 5.5 ms (the kernel walks its whole connection hash table), and one
 * {@code ss} about 5.3 ms (a process each time): too coarse to tell 10 ms from 20.
 */
final class CloseTimingRelay implements AutoCloseable {

  /** One relayed connection; the times are {@link System#nanoTime()}, 0 until it happened. */
  static final class Conn {
    final long acceptedAt = System.nanoTime();
    volatile long tokentapEndedAt;
    volatile String tokentapEnd = "";
    volatile long llamaEndedAt;
    volatile boolean relayClosed;
    final Socket down;
    final Socket up;

    Conn(Socket down, Socket up) {
      this.down = down;
      this.up = up;
    }
  }

  private final ServerSocket server;
  private final int target;
  private final List<Conn> conns = new CopyOnWriteArrayList<>();

  CloseTimingRelay(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("relay-accept").start(this::acceptLoop);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Connections accepted so far, oldest first. */
  List<Conn> conns() {
    return List.copyOf(conns);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket down = server.accept();
        Socket up = new Socket(InetAddress.getLoopbackAddress(), target);
        down.setTcpNoDelay(true);
        up.setTcpNoDelay(true);
        Conn c = new Conn(down, up);
        conns.add(c);
        Thread.ofPlatform().daemon().name("relay-up").start(() -> pump(c, true));
        Thread.ofPlatform().daemon().name("relay-down").start(() -> pump(c, false));
      } catch (IOException e) {
        // closed, or llama-server not there: the connection from TokenTap is dropped
      }
    }
  }

  /** Copies one direction; {@code fromTokenTap}: TokenTap to llama-server. */
  private static void pump(Conn c, boolean fromTokenTap) {
    Socket from = fromTokenTap ? c.down : c.up;
    Socket to = fromTokenTap ? c.up : c.down;
    byte[] buf = new byte[16 * 1024];
    boolean reading = true;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        reading = true;
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        reading = false;
        out.write(buf, 0, n);
        out.flush();
      }
      ended(c, fromTokenTap, "FIN");
      to.shutdownOutput();
    } catch (IOException e) {
      // a reset on the side read from (or, when writing, on the other side): pass it on by
      // closing both sides
      ended(c, reading == fromTokenTap, "reset");
      c.relayClosed = true;
      closeQuietly(c.down);
      closeQuietly(c.up);
    }
  }

  private static void ended(Conn c, boolean tokentapSide, String how) {
    long now = System.nanoTime();
    if (c.relayClosed) {
      return; // the relay's own close, after the other side's end
    }
    if (tokentapSide && c.tokentapEndedAt == 0) {
      c.tokentapEndedAt = now;
      c.tokentapEnd = how;
    } else if (!tokentapSide && c.llamaEndedAt == 0) {
      c.llamaEndedAt = now;
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Conn c : conns) {
      closeQuietly(c.down);
      closeQuietly(c.up);
    }
  }
}
