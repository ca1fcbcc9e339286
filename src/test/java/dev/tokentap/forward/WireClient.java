package dev.tokentap.forward;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client on a plain loopback socket: writes exact request bytes, reads answers exactly as they
 * arrive ({@link HttpWire.Message}), and can hang up at a chosen moment.
 */
final class WireClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  WireClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
  }

  WireClient send(String text) throws IOException {
    return send(HttpWire.bytes(text));
  }

  WireClient send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Sends {@code bytes} on a thread of its own, for bodies too big to write before the other side
   * reads: the caller reads the answer meanwhile. A failed write (the other side gave up) ends it.
   */
  Thread sendInBackground(byte[] bytes) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                send(bytes);
              } catch (IOException e) {
                // the other side closed; the answer tells the test what happened
              }
            });
  }

  /** The next response to a {@code method} request; an interim (1xx) one is returned too. */
  HttpWire.Message read(String method) throws IOException {
    return HttpWire.readResponse(in, method);
  }

  /** Sends {@code request} and reads the final response to it (interim ones skipped). */
  HttpWire.Message exchange(String request) throws IOException {
    send(request);
    String method = request.substring(0, request.indexOf(' '));
    HttpWire.Message m;
    do {
      m = read(method);
    } while (m.status() < 200);
    return m;
  }

  /** Reads a response head only, leaving its body unread. */
  String readHead() throws IOException {
    String head = HttpWire.readHead(in);
    if (head == null) {
      throw new java.io.EOFException("connection closed before a response");
    }
    return head;
  }

  /** The next piece of a chunked body, or null at its end. */
  byte[] readChunk() throws IOException {
    return HttpWire.readChunk(in);
  }

  byte[] readBytes(int n) throws IOException {
    return HttpWire.exactly(in, n);
  }

  /** Everything up to the end of the stream (waits at most 10 s between two reads). */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  /** True when no byte arrives (and the connection stays open) for {@code quiet}. */
  boolean silentFor(Duration quiet) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout((int) quiet.toMillis());
    try {
      in.mark(1);
      if (in.read() >= 0) {
        in.reset(); // a byte came: leave it for the next read
      }
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(before);
    }
  }

  /**
   * Reads (and drops) whatever still comes until the other side closes the connection; true when it
   * did within {@code atMost}.
   */
  boolean closedWithin(Duration atMost) throws IOException {
    long deadline = System.nanoTime() + atMost.toNanos();
    byte[] buf = new byte[8192];
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read(buf) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /** Closes the connection at once; returns {@link System#nanoTime()} just before the close. */
  long hangUp() throws IOException {
    long at = System.nanoTime();
    socket.close();
    return at;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
