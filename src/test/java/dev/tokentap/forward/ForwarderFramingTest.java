package dev.tokentap.forward;

import static dev.tokentap.forward.ForwarderRig.answering;
import static dev.tokentap.forward.ScriptedUpstream.write;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How answers are framed on their way to the client and when the upstream connection is used again
 * (what UpstreamResponseFramingTest and UpstreamCallTest checked inside the old client), now
 * through the forwarder on real sockets: Content-Length, chunked, read-until-close, HEAD, 204, 304,
 * interim 1xx answers, an upstream that breaks off, Connection: close and HTTP/1.0 answers, and
 * every piece of a stream flushed at once.
 */
@ExtendWith(SoftAssertionsExtension.class)
class ForwarderFramingTest {

  /** Soft: a head that differs (tested in ForwarderFidelityTest) must not hide the framing. */
  @InjectSoftAssertions private SoftAssertions softly;

  private ForwarderRig rig;

  @AfterEach
  void stop() throws IOException {
    if (rig != null) {
      rig.close();
    }
  }

  private void serve(ScriptedUpstream.Script... connections) throws IOException {
    rig = ForwarderRig.start(new ScriptedUpstream(connections));
  }

  private String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n";
  }

  private static String whole(HttpWire.Message m) {
    return m.head() + m.bodyText();
  }

  @Test
  void aContentLengthAnswerEndsAtItsLengthAndItsUpstreamConnectionIsReused() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    serve(answering(answer, answer));
    for (int i = 0; i < 2; i++) {
      try (WireClient client = rig.client()) {
        softly.assertThat(whole(client.exchange(get("/a")))).isEqualTo(answer);
      }
      softly.assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    }
    softly.assertThat(rig.upstream.accepted()).isEqualTo(1);
  }

  @Test
  void aChunkedAnswerWithExtensionsPassesWholeAndItsUpstreamConnectionIsReused() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Kept\r\n\r\n";
    String answer =
        head + "5;name=value\r\nhello\r\nA ; x=\"y\"\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n";
    serve(answering(answer, answer));
    for (int i = 0; i < 2; i++) {
      try (WireClient client = rig.client()) {
        HttpWire.Message got = client.exchange(get("/c"));
        softly.assertThat(got.head()).isEqualTo(head);
        softly.assertThat(got.bodyText()).isEqualTo("hello, world!!!");
        softly.assertThat(got.trailers()).containsExactly("X-Trailer: t");
        softly.assertThat(got.complete()).isTrue();
      }
      Exchange e = rig.nextExchange();
      softly.assertThat(e.outcome()).isEqualTo(Outcome.OK);
      softly.assertThat(e.responseBytes()).isEqualTo(15);
    }
    softly.assertThat(rig.upstream.accepted()).isEqualTo(1);
  }

  @Test
  void anAnswerReadUntilCloseIsPassedOnAndThenTheClientConnectionIsClosed() throws Exception {
    ScriptedUpstream.Script untilClose =
        (s, in, out) -> {
          s.readMessage(in);
          write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall ");
          write(out, "of it");
        };
    serve(untilClose, untilClose);
    for (int i = 0; i < 2; i++) {
      try (WireClient client = rig.client()) {
        client.send(get("/u"));
        String head = client.readHead();
        // A proxy may say it will close; it adds nothing else.
        softly
            .assertThat(head.replace("Connection: close\r\n", ""))
            .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
        // the client learns where the body ends from the close
        softly
            .assertThat(
                new String(client.readToEnd(), java.nio.charset.StandardCharsets.ISO_8859_1))
            .isEqualTo("all of it");
      }
      Exchange e = rig.nextExchange();
      softly.assertThat(e.outcome()).isEqualTo(Outcome.OK);
      softly.assertThat(e.responseBytes()).isEqualTo(9);
    }
    softly.assertThat(rig.upstream.accepted()).isEqualTo(2);
  }

  @Test
  void headAnd204And304CarryNoBodyWhateverTheirHeadersSayAndTheConnectionsGoOn() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
    String noContent = "HTTP/1.1 204 No Content\r\n\r\n";
    String notModified = "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 10\r\n\r\n";
    String next = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext";
    serve(answering(head, noContent, notModified, next));
    try (WireClient client = rig.client()) {
      String host = "Host: " + rig.hostPort() + "\r\n";
      client.send("HEAD /h HTTP/1.1\r\n" + host + "\r\n");
      softly.assertThat(whole(client.read("HEAD"))).isEqualTo(head);
      client.send("DELETE /d HTTP/1.1\r\n" + host + "\r\n");
      softly.assertThat(whole(client.read("DELETE"))).isEqualTo(noContent);
      client.send("GET /n HTTP/1.1\r\n" + host + "If-None-Match: \"x\"\r\n\r\n");
      softly.assertThat(whole(client.read("GET"))).isEqualTo(notModified);
      client.send("GET /next HTTP/1.1\r\n" + host + "\r\n");
      softly.assertThat(whole(client.read("GET"))).isEqualTo(next);
    }
    for (int i = 0; i < 4; i++) {
      softly.assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    }
    softly.assertThat(rig.upstream.accepted()).isEqualTo(1);
  }

  /** RFC 9110 section 15.2: a proxy MUST forward 1xx responses it did not ask for itself. */
  @Test
  void interimAnswersReachTheClientBeforeTheFinalOne() throws Exception {
    String early = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
    String created = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    serve(answering(early + created));
    try (WireClient client = rig.client()) {
      client.send(get("/i"));
      softly.assertThat(whole(client.read("GET"))).isEqualTo(early);
      softly.assertThat(whole(client.read("GET"))).isEqualTo(created);
    }
    Exchange e = rig.nextExchange();
    softly.assertThat(e.status()).isEqualTo(201);
    softly.assertThat(e.outcome()).isEqualTo(Outcome.OK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"short of its Content-Length", "inside a chunk", "before the last chunk"})
  void anUpstreamBreakingOffTheBodyLeavesTheClientAnIncompleteAnswer(String where)
      throws Exception {
    String head =
        where.startsWith("short")
            ? "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    String sent =
        switch (where) {
          case "short of its Content-Length" -> "short";
          case "inside a chunk" -> "10\r\nshort";
          default -> "2\r\nok\r\n";
        };
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          write(out, head + sent);
        });
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange(get("/broken"));
    }
    softly.assertThat(got.head()).isEqualTo(head);
    softly.assertThat(got.complete()).as("the client must see the answer is incomplete").isFalse();
    softly
        .assertThat(got.bodyText())
        .isEqualTo(where.equals("before the last chunk") ? "ok" : "short");
    Exchange e = rig.nextExchange();
    softly.assertThat(e.outcome()).isEqualTo(Outcome.UPSTREAM_ABORTED);
    softly.assertThat(e.status()).isEqualTo(200);
    softly.assertThat(e.error()).isNotBlank();
  }

  @Test
  void anHttp10ClientGetsAChunkedAnswerUntilCloseWhileTheUpstreamConnectionIsReused()
      throws Exception {
    String chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Kept\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n";
    serve(answering(chunked, chunked));
    try (WireClient client = rig.client()) {
      client.send("GET /old HTTP/1.0\r\n\r\n");
      String head = client.readHead();
      softly.assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nX-Case: Kept\r\n\r\n");
      softly.assertThat(new String(client.readToEnd(), "ISO-8859-1")).isEqualTo("hello");
    }
    softly.assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    HttpWire.Message sent = rig.upstream.takeMessage();
    softly
        .assertThat(sent.head())
        .isEqualTo("GET /old HTTP/1.1\r\nHost: " + rig.upstream.hostPort() + "\r\n\r\n");
    try (WireClient client = rig.client()) {
      softly.assertThat(client.exchange(get("/new")).bodyText()).isEqualTo("hello");
    }
    softly
        .assertThat(rig.upstream.accepted())
        .as("the upstream connection was reused")
        .isEqualTo(1);
  }

  @Test
  void connectionCloseAndHttp10AnswersAreNotReusedAndReachTheClientAsHttp11() throws Exception {
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na");
        },
        (s, in, out) -> {
          s.readMessage(in);
          write(out, "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb");
        },
        answering("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc"));
    for (String expected : new String[] {"a", "b", "c"}) {
      try (WireClient client = rig.client()) {
        softly
            .assertThat(whole(client.exchange(get("/" + expected))))
            .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + expected);
      }
    }
    softly.assertThat(rig.upstream.accepted()).isEqualTo(3);
  }

  @Test
  void eachPieceOfAStreamReachesTheClientBeforeTheNextIsSent() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    serve(
        (s, in, out) -> {
          s.readMessage(in);
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked"
                  + "\r\n\r\n10\r\ndata: one\n\n.....\r\n");
          firstSeen.await(10, TimeUnit.SECONDS);
          write(out, "b\r\ndata: two\n\n\r\n0\r\n\r\n");
          ForwarderRig.drain(in);
        });
    try (WireClient client = rig.client()) {
      client.send(get("/sse"));
      client.readHead();
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      while (first.size() < 16) {
        byte[] piece = client.readChunk(); // times out (10 s) if the forwarder holds it back
        if (piece == null) {
          throw new AssertionError("the stream ended before its first event");
        }
        first.write(piece);
      }
      firstSeen.countDown();
      softly
          .assertThat(first.toString(java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo("data: one\n\n.....");
      softly
          .assertThat(new String(client.readChunk(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo("data: two\n\n");
    }
    softly.assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void aSilentUpstreamGetsA502AfterTheReadTimeout() throws Exception {
    ScriptedUpstream upstream =
        new ScriptedUpstream(
            (s, in, out) -> {
              s.readMessage(in);
              ForwarderRig.drain(in);
            });
    rig =
        ForwarderRig.start(
            upstream,
            upstream.url(),
            settings -> settings.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange(get("/silent"));
    }
    softly.assertThat(got.status()).isEqualTo(502);
    softly
        .assertThat(got.bodyText())
        .contains("upstream_unavailable")
        .contains(upstream.url().toString());
    softly.assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
  }
}
