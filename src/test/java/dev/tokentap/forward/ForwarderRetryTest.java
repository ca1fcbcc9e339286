package dev.tokentap.forward;

import static dev.tokentap.forward.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Never fail a request a direct connection would have carried. A pooled upstream connection the
 * server has closed (after a stream, after its keep-alive timeout, at a restart) is never handed to
 * a request; one that still dies before any byte of the answer has its request sent once more,
 * whole (head and body, up to a 1 MiB bound), on a fresh connection. Past the bound, or on a fresh
 * connection, there is no retry: a 502 naming the upstream URL.
 */
class ForwarderRetryTest {

  private static final int BOUND = 1024 * 1024;

  private ForwarderRig rig;

  @AfterEach
  void stop() throws IOException {
    if (rig != null) {
      rig.close();
    }
  }

  private void serve(ScriptedUpstream upstream) throws IOException {
    rig = ForwarderRig.start(upstream);
  }

  private String post(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: "
        + rig.hostPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Answers with the request's body as JSON, keeping the connection for more. */
  private static void echo(OutputStream out, HttpWire.Message request) throws IOException {
    write(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + request.body().length
            + "\r\n\r\n"
            + request.bodyText());
  }

  /** Answers every request on the connection with its body until the client closes it. */
  private static final ScriptedUpstream.Script ECHO_KEEP_ALIVE =
      (s, in, out) -> {
        HttpWire.Message m;
        while ((m = s.readMessage(in)) != null) {
          echo(out, m);
        }
      };

  private static final String LLAMA_STREAM_HEAD =
      "HTTP/1.1 200 OK\r\n"
          + "Server: llama.cpp\r\n"
          + "Access-Control-Allow-Origin: \r\n"
          + "X-Accel-Buffering: no\r\n"
          + "Content-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "Keep-Alive: timeout=5, max=100\r\n"
          + "\r\n";

  private static final String EVENTS =
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
          + "data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}\n\n"
          + "data: [DONE]\n\n";

  /**
   * Like llama-server: one streamed answer with {@code Keep-Alive: timeout=5, max=100}, then the
   * connection is closed, {@code closeAfterMs} after the last chunk.
   */
  private static ScriptedUpstream.Script llamaStream(int closeAfterMs) {
    return (s, in, out) -> {
      if (s.readMessage(in) == null) {
        return;
      }
      write(out, LLAMA_STREAM_HEAD);
      for (String event : EVENTS.split("(?<=\n\n)")) {
        write(out, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
      }
      write(out, "0\r\n\r\n");
      if (closeAfterMs > 0) {
        Thread.sleep(closeAfterMs);
      }
    };
  }

  @ParameterizedTest(name = "closed {0} ms after the last chunk")
  @ValueSource(ints = {0, 1, 5})
  void afterAStreamTheUpstreamClosesAndTheNextPostsAllSucceed(int closeAfterMs) throws Exception {
    serve(new ScriptedUpstream().otherwise(llamaStream(closeAfterMs)));
    int requests = 20;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      try (WireClient client = rig.client()) {
        HttpWire.Message got =
            client.exchange(post("/v1/chat/completions", "{\"stream\":true,\"n\":" + i + "}"));
        if (got.status() != 200 || !got.bodyText().equals(EVENTS) || !got.complete()) {
          failures.add(i + ": " + got.startLine() + " " + got.bodyText());
        }
      } catch (IOException e) {
        failures.add(i + ": " + e);
      }
    }
    assertThat(failures).as("requests that failed").isEmpty();
    for (int i = 0; i < requests; i++) {
      assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    }
  }

  @Test
  void anUpstreamClosingIdleConnectionsAfterItsKeepAliveTimeoutFailsNoRequest() throws Exception {
    int idleMs = 200;
    serve(
        new ScriptedUpstream()
            .otherwise(
                (s, in, out) -> {
                  ScriptedUpstream.socket().setSoTimeout(idleMs);
                  try {
                    HttpWire.Message m;
                    while ((m = s.readMessage(in)) != null) {
                      echo(out, m);
                    }
                  } catch (SocketTimeoutException e) {
                    // idle for its keep-alive timeout: the server closes the connection
                  }
                }));
    // Gaps around the upstream's timeout, so that requests land just before, on and just after
    // its close.
    int[] gapsMs = {0, 150, 190, 195, 198, 200, 202, 205, 210, 250};
    List<String> failures = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(gapsMs[i % gapsMs.length]);
      String body = "{\"prompt\":\"p\",\"n\":" + i + "}";
      sent.add(body);
      try (WireClient client = rig.client()) {
        HttpWire.Message got = client.exchange(post("/v1/completions", body));
        if (got.status() != 200 || !got.bodyText().equals(body)) {
          failures.add(i + " after " + gapsMs[i % gapsMs.length] + " ms: " + got.startLine());
        }
      } catch (IOException e) {
        failures.add(i + ": " + e);
      }
    }
    assertThat(failures).as("requests that failed").isEmpty();
    List<String> received = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      received.add(rig.upstream.takeMessage().bodyText());
    }
    assertThat(received).as("each request reached the upstream once, whole").isEqualTo(sent);
  }

  @Test
  void anUpstreamRestartedOnTheSamePortFailsNoRequest() throws Exception {
    ScriptedUpstream upstream = new ScriptedUpstream().otherwise(ECHO_KEEP_ALIVE);
    serve(upstream);
    // fill the pool: a few connections, some used at once
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String body = "{\"warm\":" + i + "}";
        statuses.add(
            pool.submit(
                () -> {
                  try (WireClient client = rig.client()) {
                    return client.exchange(post("/v1/completions", body)).status();
                  }
                }));
      }
      for (Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    }
    upstream.restart();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String body = "{\"after_restart\":" + i + "}";
      try (WireClient client = rig.client()) {
        HttpWire.Message got = client.exchange(post("/v1/completions", body));
        if (got.status() != 200 || !got.bodyText().equals(body)) {
          failures.add(i + ": " + got.startLine() + " " + got.bodyText());
        }
      } catch (IOException e) {
        failures.add(i + ": " + e);
      }
    }
    assertThat(failures).as("requests that failed after the restart").isEmpty();
  }

  /**
   * A body over the retry bound cannot be sent twice, so this passes only if the forwarder saw the
   * pooled connection's close when it happened and never handed it to the request.
   */
  @Test
  void aPooledConnectionTheServerClosedIsNeverHandedToARequest() throws Exception {
    serve(
        new ScriptedUpstream(
                (s, in, out) -> {
                  echo(out, s.readMessage(in));
                  s.signal("closing");
                })
            .otherwise(ECHO_KEEP_ALIVE));
    try (WireClient client = rig.client()) {
      assertThat(client.exchange(post("/warm", "{}")).status()).isEqualTo(200);
    }
    rig.upstream.awaitSignal("closing");
    Thread.sleep(
        100); // bounded grace for the FIN to arrive; the forwarder should need microseconds
    byte[] big = new byte[2 * BOUND];
    Arrays.fill(big, (byte) 'z');
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      client.send(
          "POST /v1/embeddings HTTP/1.1\r\nHost: "
              + rig.hostPort()
              + "\r\nContent-Length: "
              + big.length
              + "\r\n\r\n");
      client.sendInBackground(big);
      got = client.read("POST");
    }
    assertThat(got.status()).as(got.bodyText()).isEqualTo(200);
    assertThat(got.body()).hasSize(big.length);
    assertThat(rig.upstream.accepted()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"small body", "chunked body with trailers", "900 KiB body"})
  void aPooledConnectionDyingBeforeTheAnswerHasItsRequestSentOnceMoreByteForByte(String kind)
      throws Exception {
    serve(
        new ScriptedUpstream(
                (s, in, out) -> {
                  echo(out, s.readMessage(in)); // the warm-up, on a connection then pooled
                  s.readMessage(in); // the request, read whole; then the server dies
                },
                ECHO_KEEP_ALIVE)
            .otherwise(ECHO_KEEP_ALIVE));
    try (WireClient client = rig.client()) {
      assertThat(client.exchange(post("/warm", "{}")).status()).isEqualTo(200);
    }
    assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    rig.upstream.takeMessage();

    String head;
    byte[] body;
    String expectedBody;
    switch (kind) {
      case "small body" -> {
        expectedBody = "{\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}";
        body = HttpWire.bytes(expectedBody);
        head = "POST /v1/chat/completions HTTP/1.1\r\nHost: {host}\r\nX-Case: Kept\r\n";
        head += "Content-Length: " + body.length + "\r\n\r\n";
      }
      case "chunked body with trailers" -> {
        expectedBody = "hello, world";
        body = HttpWire.bytes("5\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 12\r\n\r\n");
        head =
            "POST /v1/completions HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n";
      }
      default -> {
        expectedBody = "y".repeat(900 * 1024);
        body = HttpWire.bytes(expectedBody);
        head = "POST /v1/embeddings HTTP/1.1\r\nHost: {host}\r\n";
        head += "Content-Length: " + body.length + "\r\n\r\n";
      }
    }
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      client.send(head.replace("{host}", rig.hostPort()));
      client.sendInBackground(body);
      got = client.read("POST");
    }
    assertThat(got.status()).as(got.head()).isEqualTo(200);
    assertThat(got.bodyText()).isEqualTo(expectedBody);

    HttpWire.Message first = rig.upstream.takeMessage();
    HttpWire.Message again = rig.upstream.takeMessage();
    assertThat(first.head()).isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
    assertThat(first.bodyText()).isEqualTo(expectedBody);
    assertThat(again.head()).isEqualTo(first.head());
    assertThat(again.bodyText()).isEqualTo(expectedBody);
    assertThat(again.trailers()).isEqualTo(first.trailers());
    if (kind.startsWith("chunked")) {
      assertThat(again.trailers()).containsExactly("X-Sum: 12");
    }
    assertThat(rig.upstream.accepted()).isEqualTo(2);
    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
    assertThat(e.requestBody().bytes()).isEqualTo(HttpWire.bytes(expectedBody));
    assertThat(rig.pollExchange(Duration.ofMillis(200))).as("one exchange per request").isNull();
  }

  @Test
  void aRetryIsMadeOnlyOnce() throws Exception {
    ScriptedUpstream.Script dies = (s, in, out) -> s.readMessage(in);
    serve(
        new ScriptedUpstream(
                (s, in, out) -> {
                  echo(out, s.readMessage(in));
                  s.readMessage(in);
                },
                dies)
            .otherwise(ECHO_KEEP_ALIVE));
    try (WireClient client = rig.client()) {
      client.exchange(post("/warm", "{}"));
    }
    rig.nextExchange();
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange(post("/v1/completions", "{\"n\":1}"));
    }
    assertUnavailable(got);
    Thread.sleep(300); // bounded: room for a wrong third attempt to show up
    assertThat(rig.upstream.accepted()).isEqualTo(2);
  }

  @Test
  void aFreshConnectionThatDiesBeforeTheAnswerIsNotRetried() throws Exception {
    serve(new ScriptedUpstream((s, in, out) -> s.readMessage(in)).otherwise(ECHO_KEEP_ALIVE));
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange(post("/v1/completions", "{\"n\":1}"));
    }
    assertUnavailable(got);
    Thread.sleep(300); // bounded: room for a wrong retry to show up
    assertThat(rig.upstream.accepted()).isEqualTo(1);
  }

  @Test
  void aBodyPastTheBoundIsNotRetriedAndGetsA502NamingTheUpstream() throws Exception {
    serve(
        new ScriptedUpstream(
                (s, in, out) -> {
                  echo(out, s.readMessage(in));
                  s.readMessage(in);
                })
            .otherwise(ECHO_KEEP_ALIVE));
    try (WireClient client = rig.client()) {
      client.exchange(post("/warm", "{}"));
    }
    rig.nextExchange();
    byte[] big = new byte[BOUND + 64 * 1024];
    Arrays.fill(big, (byte) 'q');
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      client.send(
          "POST /v1/embeddings HTTP/1.1\r\nHost: "
              + rig.hostPort()
              + "\r\nContent-Length: "
              + big.length
              + "\r\n\r\n");
      client.sendInBackground(big);
      got = client.read("POST");
    }
    assertUnavailable(got);
    Thread.sleep(300); // bounded: room for a wrong retry to show up
    assertThat(rig.upstream.accepted()).isEqualTo(1);
  }

  private void assertUnavailable(HttpWire.Message got) throws InterruptedException {
    assertThat(got.status()).isEqualTo(502);
    assertThat(got.bodyText())
        .contains("upstream_unavailable")
        .contains(rig.upstream.url().toString());
    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.error()).contains(rig.upstream.url().toString());
  }
}
