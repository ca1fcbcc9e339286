package dev.tokentap.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks llama-server's {@code /slots} directly, over one kept-alive connection (a new one only when
 * llama-server has closed it): polling every few milliseconds with a connection per question would
 * fill the kernel's socket table with TIME_WAIT entries and make every read of it slow. The hang-up
 * test leaves {@link #localPort()} out when it looks for TokenTap's socket.
 */
final class SlotsProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int port;
  private Socket socket;
  private InputStream in;

  SlotsProbe(int port) {
    this.port = port;
  }

  /** The local port of the probe's connection, or -1. */
  synchronized int localPort() {
    return socket == null || socket.isClosed() ? -1 : socket.getLocalPort();
  }

  synchronized JsonNode slots() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return JSON.readTree(ask());
      } catch (IOException e) {
        close();
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  private byte[] ask() throws IOException {
    if (socket == null) {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
    }
    OutputStream out = socket.getOutputStream();
    out.write("GET /slots HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("/slots answered: " + status);
    }
    long length = -1;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String h = header.toLowerCase(Locale.ROOT);
      if (h.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (h.startsWith("connection:") && h.contains("close")) {
        close = true;
      }
    }
    if (length < 0) {
      throw new IOException("/slots without Content-Length");
    }
    byte[] body = in.readNBytes((int) length);
    if (close) {
      close();
    }
    return body;
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("llama-server closed the probe's connection");
      }
      if (b != '\r') {
        buf.write(b);
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  private void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    socket = null;
  }

  /** The slot that is processing a task, or null. */
  JsonNode busySlot() throws IOException {
    for (JsonNode slot : slots()) {
      if (slot.path("is_processing").asBoolean()) {
        return slot;
      }
    }
    return null;
  }

  static long decoded(JsonNode slot) {
    return slot.path("next_token").path(0).path("n_decoded").asLong();
  }

  /**
   * Milliseconds from {@code sinceNanos} until no slot is processing, or -1 after {@code capMs}.
   */
  double awaitFree(long sinceNanos, long capMs) throws IOException, InterruptedException {
    while (System.nanoTime() - sinceNanos < capMs * 1_000_000) {
      if (busySlot() == null) {
        return (System.nanoTime() - sinceNanos) / 1e6;
      }
      Thread.sleep(3);
    }
    return -1;
  }
}
