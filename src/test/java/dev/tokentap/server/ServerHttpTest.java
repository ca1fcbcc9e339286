package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class ServerHttpTest {

  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void anInterruptedReadIsAnIOExceptionAndKeepsTheInterrupt() {
    // OkHttp (Kotlin) throws InterruptedException undeclared from an interrupted connect: it must
    // not escape a caller that catches IOException and RuntimeException (a closing window's read)
    try (ServerHttp http = new ServerHttp(Duration.ofSeconds(2), "TokenTap/test")) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> http.get(server.url("/").uri(), "slots"))
            .isInstanceOf(IOException.class);
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
    }
  }

  @Test
  void aBodyIsReadWholeWithOrWithoutItsLength() throws IOException {
    String slots = "[" + "{\"id\":0,\"is_processing\":false},".repeat(1000) + "{\"id\":1}]";
    server.enqueue(new MockResponse.Builder().body(slots).build());
    server.enqueue(new MockResponse.Builder().chunkedBody(slots, 1000).build());
    try (ServerHttp http = new ServerHttp(Duration.ofSeconds(5), "TokenTap/test")) {
      for (int i = 0; i < 2; i++) {
        ServerHttp.Reply reply = http.get(server.url("/").uri(), "slots");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(slots);
      }
    }
  }

  @Test
  void aBodyOverTheLimitIsLeftEmptyWithOrWithoutItsLength() throws IOException {
    String limit = "x".repeat(ServerHttp.MAX_BODY);
    String over = limit + "x";
    server.enqueue(new MockResponse.Builder().body(over).build());
    server.enqueue(new MockResponse.Builder().chunkedBody(over, 64 * 1024).build());
    server.enqueue(new MockResponse.Builder().chunkedBody(limit, 64 * 1024).build());
    try (ServerHttp http = new ServerHttp(Duration.ofSeconds(5), "TokenTap/test")) {
      assertThat(http.get(server.url("/").uri(), "metrics").body()).isEmpty();
      assertThat(http.get(server.url("/").uri(), "metrics").body()).isEmpty();
      assertThat(http.get(server.url("/").uri(), "metrics").body()).hasSize(ServerHttp.MAX_BODY);
    }
  }
}
