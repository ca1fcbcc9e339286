package dev.tokentap.forward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the upstream: a socket (TLS for https) with TCP_NODELAY, the read
 * timeout as its SO_TIMEOUT, and unlocked buffers on both sides. Used by one exchange at a time;
 * {@link #close()} may come from any thread and makes a blocked connect, read or write fail at
 * once.
 */
final class UpstreamConnection {

  private final UpstreamAddress address;
  private final Socket plain;
  private final ConnectionInput in;
  private final ConnectionOutput out;
  private long idleSinceNanos;
  private boolean reused;

  private UpstreamConnection(UpstreamAddress address, Socket plain, Socket socket)
      throws IOException {
    this.address = address;
    this.plain = plain;
    this.in = new ConnectionInput(socket.getInputStream());
    this.out = new ConnectionOutput(socket.getOutputStream());
  }

  /** Hears of each socket before it connects, so that a cancel can close it. */
  interface SocketWatch {
    /**
     * @throws IOException when the exchange was cancelled already (the socket is then closed)
     */
    void watch(Socket socket) throws IOException;
  }

  /** Connects to {@code address}, trying each of its IP addresses in turn until one answers. */
  static UpstreamConnection open(
      UpstreamAddress address, Duration connectTimeout, Duration readTimeout, SocketWatch watch)
      throws IOException {
    IOException failure = null;
    for (InetAddress ip : InetAddress.getAllByName(address.hostName())) {
      Socket plain = new Socket();
      watch.watch(plain);
      try {
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(ip, address.port()), millis(connectTimeout));
      } catch (IOException e) {
        closeQuietly(plain);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      try {
        plain.setSoTimeout(millis(readTimeout));
        Socket usable = address.https() ? startTls(plain, address) : plain;
        return new UpstreamConnection(address, plain, usable);
      } catch (IOException e) {
        closeQuietly(plain);
        throw e;
      }
    }
    throw failure == null ? new java.net.UnknownHostException(address.hostName()) : failure;
  }

  private static Socket startTls(Socket plain, UpstreamAddress address) throws IOException {
    SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
    SSLSocket ssl = (SSLSocket) tls.createSocket(plain, address.hostName(), address.port(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
  }

  UpstreamAddress address() {
    return address;
  }

  ConnectionInput in() {
    return in;
  }

  ConnectionOutput out() {
    return out;
  }

  /** Whether this connection served an exchange before (came from the pool). */
  boolean reused() {
    return reused;
  }

  long idleSinceNanos() {
    return idleSinceNanos;
  }

  /** Marks the connection idle from now on; it is reused when taken from the pool again. */
  void becameIdle(long nowNanos) {
    idleSinceNanos = nowNanos;
    reused = true;
  }

  boolean isClosed() {
    return plain.isClosed();
  }

  /**
   * Closes the TCP socket; a read, write or connect blocked on it fails at once. Under TLS no
   * close_notify is sent: this is an abort as much as a close, and must never wait for a lock.
   */
  void close() {
    closeQuietly(plain);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing to do: the socket is gone either way.
    }
  }
}
