package dev.tokentap.forward;

import static dev.tokentap.forward.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up at any moment closes the upstream connection at once, so a server that
 * watches its socket (llama-server does) stops generating for nobody; the exchange is recorded
 * {@code client_aborted} with what was seen, never {@code ok}.
 *
 * <p>The aim is 10 ms from the client's close to the upstream seeing EOF or a reset; the tests
 * assert under {@link #LIMIT} so that a slow, shared CI machine does not fail them, and print the
 * figure measured. Each upstream here waits up to {@link #PATIENCE} for the close and then, like a
 * server nobody told, finishes its answer: a forwarder that did not notice the hang-up then records
 * a whole answer (the fault users saw: "200 ok" for a client that had gone).
 */
class ForwarderHangUpTest {

  private static final Duration LIMIT = Duration.ofMillis(200);
  private static final Duration PATIENCE = Duration.ofSeconds(2);

  private ForwarderRig rig;

  @AfterEach
  void stop() throws IOException {
    if (rig != null) {
      rig.close();
    }
  }

  private void serve(ScriptedUpstream.Script script) throws IOException {
    rig = ForwarderRig.start(new ScriptedUpstream(script));
  }

  private String post(String body) {
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: "
        + rig.hostPort()
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /**
   * Waits for the upstream to see the client's close; asserts it came within {@link #LIMIT} of
   * {@code hungUpAt} and that the exchange is {@code client_aborted}. Returns the exchange.
   */
  private Exchange assertNoticed(String when, long hungUpAt) throws InterruptedException {
    Long goneAt = rig.upstream.takePeerGone(PATIENCE.plusSeconds(1));
    Exchange e = rig.nextExchange();
    SoftAssertions soft = new SoftAssertions();
    if (goneAt == null) {
      System.out.printf("hang-up %s: the upstream never saw the close%n", when);
      soft.fail("the upstream did not see the client's close " + when + " within " + PATIENCE);
    } else {
      Duration seen = Duration.ofNanos(goneAt - hungUpAt);
      System.out.printf(
          "hang-up %s: the upstream saw the close after %.2f ms%n", when, seen.toNanos() / 1e6);
      soft.assertThat(seen)
          .as("from the client's close to the upstream's EOF, " + when)
          .isLessThan(LIMIT);
    }
    soft.assertThat(e.outcome()).as("outcome, " + when).isEqualTo(Outcome.CLIENT_ABORTED);
    soft.assertThat(e.error()).as("error, " + when).isNotBlank();
    soft.assertAll();
    return e;
  }

  @Test
  void whileTheClientIsStillSendingItsBody() throws Exception {
    serve(
        (s, in, out) -> {
          s.readHead(in);
          in.read(); // a first byte of the body has come through
          s.signal("body started");
          s.awaitPeerGone(in);
        });
    int length = 1024 * 1024;
    try (WireClient client = rig.client()) {
      client.send(
          "POST /v1/completions HTTP/1.1\r\nHost: "
              + rig.hostPort()
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + length
              + "\r\n\r\n");
      client.send(new byte[64 * 1024]);
      rig.upstream.awaitSignal("body started");
      long hungUpAt = client.hangUp();
      Exchange e = assertNoticed("while sending the body", hungUpAt);
      assertThat(e.requestBytes()).isPositive().isLessThan(length);
    }
  }

  @Test
  void whileWaitingForTheFirstByteOfTheAnswer() throws Exception {
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          s.signal("request read");
          // a non-streamed generation: nothing is sent until it is done
          if (s.awaitPeerGone(in, PATIENCE) < 0) {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
            write(out, "Content-Length: 2\r\n\r\n{}");
            s.awaitPeerGone(in);
          }
        });
    try (WireClient client = rig.client()) {
      client.send(post("{\"stream\":false}"));
      rig.upstream.awaitSignal("request read");
      long hungUpAt = client.hangUp();
      Exchange e = assertNoticed("before the first byte", hungUpAt);
      assertThat(e.requestBytes()).isEqualTo(16);
      assertThat(e.responseBytes()).isZero();
    }
  }

  @Test
  void duringAStreamedAnswer() throws Exception {
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n");
          Thread writer = Thread.ofVirtual().start(() -> streamUntilBroken(out));
          s.awaitPeerGone(in);
          writer.interrupt();
        });
    try (WireClient client = rig.client()) {
      client.send(post("{\"stream\":true}"));
      client.readHead();
      assertThat(client.readChunk()).isNotNull();
      long hungUpAt = client.hangUp();
      Exchange e = assertNoticed("mid-stream", hungUpAt);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.responseBytes()).isPositive();
    }
  }

  @Test
  void duringANonStreamedAnswer() throws Exception {
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
          write(out, "Content-Length: 4096\r\n\r\n" + "x".repeat(1000));
          if (s.awaitPeerGone(in, PATIENCE) < 0) {
            write(out, "y".repeat(3096)); // the rest: a forwarder that did not notice calls it ok
            s.awaitPeerGone(in);
          }
        });
    try (WireClient client = rig.client()) {
      client.send(post("{\"stream\":false}"));
      client.readHead();
      client.readBytes(100);
      long hungUpAt = client.hangUp();
      Exchange e = assertNoticed("during a Content-Length answer", hungUpAt);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.responseBytes()).isPositive().isLessThan(4096);
    }
  }

  /** Writes an SSE event every 20 ms until the connection breaks or the thread is interrupted. */
  private static void streamUntilBroken(OutputStream out) {
    String event = "data: {\"choices\":[{\"delta\":{\"content\":\"tok\"}}]}\n\n";
    String chunk = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";
    try {
      while (!Thread.currentThread().isInterrupted()) {
        write(out, chunk);
        Thread.sleep(20);
      }
    } catch (IOException | InterruptedException e) {
      // the connection is gone, or the script ended
    }
  }
}
