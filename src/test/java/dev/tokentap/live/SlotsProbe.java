package dev.tokentap.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks llama-server's {@code /slots} directly, one {@code Connection: close} socket per question,
 * and remembers the local port of each: the hang-up test tells its own sockets to llama-server
 * apart from TokenTap's that way.
 */
final class SlotsProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int port;
  private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();

  SlotsProbe(int port) {
    this.port = port;
  }

  Set<Integer> ownPorts() {
    return ownPorts;
  }

  JsonNode slots() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      ownPorts.add(s.getLocalPort());
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /slots HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
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
