package dev.tokentap.forward;

import dev.tokentap.model.Header;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * One request to the upstream and its response head, on a pooled or new connection. A request whose
 * body has not begun to be read from the client is sent again, once, on a new connection when a
 * pooled one turns out to have been closed by the server. {@link #cancel()} may come from any
 * thread and aborts a blocked connect, read or write at once.
 */
final class UpstreamCall {

  private final UpstreamPool pool;
  private final UpstreamAddress address;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final String method;
  private final String target;
  private final List<Header> headers;
  private final ClientRequestBody body;

  private volatile boolean cancelled;
  private volatile Socket connecting;
  private volatile UpstreamConnection connection;
  private volatile UpstreamBodyInput responseBody;

  /**
   * @param headers the client's headers, hop-by-hop ones already removed
   * @param body the client's body, or null when it sent none
   */
  UpstreamCall(
      UpstreamPool pool,
      UpstreamAddress address,
      ForwarderSettings settings,
      String method,
      String target,
      List<Header> headers,
      ClientRequestBody body) {
    this.pool = pool;
    this.address = address;
    this.connectTimeout = settings.connectTimeout();
    this.readTimeout = settings.readTimeout();
    this.method = method;
    this.target = target;
    this.headers = headers;
    this.body = body;
  }

  /** Sends the request and reads the response head; the caller must close the response. */
  UpstreamResponse execute() throws IOException {
    UpstreamConnection c = pool.acquire(address);
    boolean retried = false;
    while (true) {
      if (c == null) {
        c = UpstreamConnection.open(address, connectTimeout, readTimeout, this::watch);
      }
      connection = c;
      long receivedBefore = c.in().received();
      try {
        if (cancelled) {
          throw new InterruptedIOException("cancelled");
        }
        writeRequest(c.out());
        ResponseHead head = ResponseHead.read(c.in());
        UpstreamBodyInput in = bodyFor(head, c);
        responseBody = in;
        if (cancelled) {
          in.abort();
        }
        return new UpstreamResponse(head, in);
      } catch (IOException | RuntimeException e) {
        c.close();
        if (retried || !staleConnection(c, c.in().received() > receivedBefore, e)) {
          throw e;
        }
        retried = true;
        c = null; // once more, on a new connection
      }
    }
  }

  /**
   * Whether {@code e} says the server had closed the pooled connection {@code c} before it saw the
   * request, and the request can be sent again (no byte of its body was taken from the client).
   */
  private boolean staleConnection(UpstreamConnection c, boolean answered, Exception e) {
    return !cancelled
        && c.reused()
        && !answered
        && (body == null || !body.started())
        && e instanceof IOException
        && !(e instanceof SocketTimeoutException)
        && !(e instanceof InterruptedIOException);
  }

  private void watch(Socket socket) throws IOException {
    connecting = socket;
    if (cancelled) {
      socket.close();
      throw new InterruptedIOException("cancelled");
    }
  }

  private void writeRequest(ConnectionOutput out) throws IOException {
    out.writeLatin1(method);
    out.write(' ');
    out.writeLatin1(target);
    out.writeLatin1(" HTTP/1.1\r\nHost: ");
    out.writeLatin1(address.hostHeader());
    out.writeLatin1("\r\n");
    for (Header h : headers) {
      out.writeLatin1(h.name());
      out.writeLatin1(": ");
      out.writeLatin1(h.value());
      out.writeLatin1("\r\n");
    }
    if (body == null) {
      out.writeLatin1(requiresBody(method) ? "Content-Length: 0\r\n\r\n" : "\r\n");
      out.flush();
    } else if (body.length() >= 0) {
      out.writeLatin1("Content-Length: " + body.length() + "\r\n\r\n");
      body.writeTo(out);
    } else {
      out.writeLatin1("Transfer-Encoding: chunked\r\n\r\n");
      ChunkedBodyOutput chunked = new ChunkedBodyOutput(out);
      body.writeTo(chunked);
      chunked.finish();
    }
  }

  private UpstreamBodyInput bodyFor(ResponseHead head, UpstreamConnection c) throws IOException {
    boolean keepAlive = head.keepAlive();
    int status = head.status();
    if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      // After a 101 the connection speaks another protocol: never pooled.
      return new UpstreamBodyInput.Empty(c, pool, keepAlive && status != 101);
    }
    String coding = head.header("Transfer-Encoding");
    if (coding != null) {
      return coding.strip().toLowerCase(java.util.Locale.ROOT).endsWith("chunked")
          ? new ChunkedBodyInput(c, pool, keepAlive)
          : new UpstreamBodyInput.UntilClose(c, pool);
    }
    String length = head.header("Content-Length");
    if (length != null) {
      try {
        long n = Long.parseLong(length.strip());
        if (n >= 0) {
          return new FixedLengthBodyInput(c, pool, keepAlive, n);
        }
      } catch (NumberFormatException e) {
        // falls through
      }
      throw new IOException("the upstream sent a bad Content-Length: " + length);
    }
    return new UpstreamBodyInput.UntilClose(c, pool);
  }

  /** Methods whose requests always carry a body (an empty one when the client sent none). */
  static boolean requiresBody(String method) {
    return switch (method) {
      case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT" -> true;
      default -> false;
    };
  }

  /** Aborts the call: the connection is closed, so whatever blocks on it fails at once. */
  void cancel() {
    cancelled = true;
    UpstreamBodyInput in = responseBody;
    if (in != null) {
      in.abort(); // leaves a connection alone that went back to the pool already
      return;
    }
    Socket s = connecting;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed either way
      }
    }
    UpstreamConnection c = connection;
    if (c != null) {
      c.close();
    }
  }
}
