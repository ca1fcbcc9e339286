package dev.tokentap.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that runs one script per accepted connection, in order, and keeps each request
 * head it reads: enough to test HTTP framing byte by byte.
 */
final class ScriptedUpstream implements AutoCloseable {

  /** What the server does with one connection. */
  interface Script {
    void run(ScriptedUpstream server, InputStream in, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  ScriptedUpstream(Script... connections) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    for (Script s : connections) {
      scripts.add(s);
    }
    Thread.ofVirtual().start(this::acceptLoop);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  int accepted() {
    return accepted.get();
  }

  /** The next request (head and body as ISO-8859-1 text) a script read, waiting up to 5 s. */
  String takeRequest() throws InterruptedException {
    String r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 5 s");
    }
    return r;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        sockets.add(s);
        Script script = scripts.poll();
        Thread.ofVirtual()
            .start(
                () -> {
                  try (s) {
                    if (script != null) {
                      script.run(this, s.getInputStream(), s.getOutputStream());
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

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
