package dev.tokentap.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 client connection to 127.0.0.1 with as little of its own overhead as
 * possible (raw socket, TCP_NODELAY, one write per request), so that what the probes measure is the
 * path, not the client. Reconnects when the server closes; counts how often it had to.
 */
final class HttpConn implements AutoCloseable {
  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private HttpReader in;
  private OutputStream out;
  private boolean used;
  private int connects;

  HttpConn(int port, int timeoutMillis) {
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /** The bytes of a POST with a JSON body, ready to write. */
  static byte[] post(int port, String path, byte[] body, boolean acceptEventStream) {
    return post(port, path, body, acceptEventStream, "");
  }

  /** The same, with more header lines ({@code "Name: value\r\n"} each) before Content-Length. */
  static byte[] post(
      int port, String path, byte[] body, boolean acceptEventStream, String moreHeaders) {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nUser-Agent: tokentap-bench\r\nContent-Type: application/json\r\nAccept: "
            + (acceptEventStream ? "text/event-stream" : "application/json")
            + "\r\n"
            + moreHeaders
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** TCP connections opened so far (1 when keep-alive held throughout). */
  int connects() {
    return connects;
  }

  private void open() throws IOException {
    disconnect();
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
    socket = s;
    in = new HttpReader(s.getInputStream());
    out = s.getOutputStream();
    used = false;
    connects++;
  }

  /** Sends a request and reads its head, retrying once on a keep-alive connection gone stale. */
  private HttpHead send(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    boolean reused = used;
    try {
      used = true;
      out.write(request);
      out.flush();
      HttpHead head = HttpHead.readOrNull(in);
      if (head == null) {
        throw new EOFException("connection closed before the response");
      }
      return head;
    } catch (EOFException | SocketException e) {
      if (!reused) {
        throw e;
      }
      open();
      used = true;
      out.write(request);
      out.flush();
      HttpHead head = HttpHead.readOrNull(in);
      if (head == null) {
        throw new EOFException("connection closed before the response");
      }
      return head;
    }
  }

  /**
   * Sends {@code request} and reads the whole response. Returns the body length; throws when the
   * status is not 200 or the response is cut off.
   */
  long exchange(byte[] request) throws IOException {
    HttpHead head = send(request);
    long length = readBody(head, null);
    finish(head);
    return length;
  }

  /** Receives each SSE event of a stream with the time its last byte arrived. */
  interface EventListener {
    void onEvent(byte[] event, int length, long arrivalNanos);
  }

  /** Sends {@code request}, reads the event stream to its end; returns the number of events. */
  int stream(byte[] request, EventListener listener) throws IOException {
    HttpHead head = send(request);
    EventSplitter splitter = new EventSplitter(listener);
    readBody(head, splitter);
    finish(head);
    return splitter.events;
  }

  private long readBody(HttpHead head, HttpReader.Sink sink) throws IOException {
    int status = head.status();
    long length;
    if (head.chunked()) {
      length = in.readChunked(sink);
    } else if (head.contentLength() >= 0) {
      in.readFixed(head.contentLength(), sink);
      length = head.contentLength();
    } else {
      throw new IOException("response without length or chunking: " + head.startLine());
    }
    if (status != 200) {
      disconnect();
      throw new IOException("HTTP " + status + " (" + head.startLine() + ")");
    }
    return length;
  }

  private void finish(HttpHead head) {
    if (head.connectionClose()) {
      disconnect();
    }
  }

  @Override
  public void close() {
    disconnect();
  }

  /** Drops the TCP connection; the next request opens a new one. */
  void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }

  /** Cuts a de-chunked body into SSE events at each blank line ("\n\n"). */
  private final class EventSplitter implements HttpReader.Sink {
    private final EventListener listener;
    private byte[] event = new byte[1024];
    private int length;
    int events;

    EventSplitter(EventListener listener) {
      this.listener = listener;
    }

    @Override
    public void accept(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (length == event.length) {
          event = Arrays.copyOf(event, event.length * 2);
        }
        byte c = b[i];
        event[length++] = c;
        if (c == '\n' && length >= 2 && event[length - 2] == '\n') {
          events++;
          listener.onEvent(event, length, in.lastFillNanos());
          length = 0;
        }
      }
    }
  }
}
