package dev.tokentap.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One request of the demo traffic, sent over a plain socket (HTTP/1.1, {@code Connection: close})
 * so that a client hanging up mid-stream is exactly that: the socket closes after a few events.
 *
 * @param body JSON, or null for a GET
 * @param hangUpAfterEvents close the connection after this many stream events; -1 reads it all
 */
record DemoRequest(
    String method,
    String path,
    String userAgent,
    String apiKey,
    String body,
    int hangUpAfterEvents) {

  private static final int READ_TIMEOUT_MS = 180_000;

  /**
   * Sends it to {@code target} and reads the answer (or hangs up as planned).
   *
   * @param open where the socket is kept while it is open, so that stopping can close it
   * @return the response's status code
   */
  int send(InetSocketAddress target, Set<Socket> open) throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(target.getPort()).append("\r\n");
    head.append("User-Agent: ").append(userAgent).append("\r\n");
    head.append("Accept: */*\r\n");
    if (apiKey != null) {
      head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
      head.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      open.add(socket);
      try {
        socket.connect(target, 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
        return read(socket.getInputStream());
      } finally {
        open.remove(socket);
      }
    }
  }

  /** Reads to the end, or until {@link #hangUpAfterEvents} blank-line-ended events have come. */
  private int read(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    StringBuilder statusLine = new StringBuilder();
    boolean inStatus = true;
    int events = 0;
    int newlines = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        char c = (char) (buf[i] & 0xff);
        if (inStatus) {
          if (c == '\n') {
            inStatus = false;
          } else {
            statusLine.append(c);
          }
        }
        if (c == '\n') {
          newlines++;
          if (newlines == 2) {
            events++;
          }
        } else if (c != '\r') {
          newlines = 0;
        }
      }
      // the response head ends with a blank line too: it is not a stream event
      if (hangUpAfterEvents >= 0 && events > hangUpAfterEvents) {
        break;
      }
    }
    String[] parts = statusLine.toString().split(" ");
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
