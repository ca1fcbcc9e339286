package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
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
}
