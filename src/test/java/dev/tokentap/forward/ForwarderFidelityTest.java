package dev.tokentap.forward;

import static dev.tokentap.forward.ForwarderRig.answering;
import static dev.tokentap.forward.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte for byte, both ways: what the client writes is what the upstream reads, and what the
 * upstream writes is what the client reads, but for the changes RFC 9110 section 7.6.1 asks of a
 * proxy: hop-by-hop headers (Connection, Keep-Alive, Proxy-Connection, TE, Upgrade and any header
 * named in Connection) are dropped, the Host value names the upstream (same name case, same place),
 * and the request line carries the proxy's own HTTP/1.1. Nothing is added: no Date, no Via, no
 * X-Forwarded-*, no Content-Length: 0, no Connection: keep-alive. Chunk sizes and extensions are
 * connection framing and may differ; the de-chunked body and the trailer lines may not.
 */
class ForwarderFidelityTest {

  private static final String OK_EMPTY_JSON =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

  private ForwarderRig rig;

  @AfterEach
  void stop() throws IOException {
    if (rig != null) {
      rig.close();
    }
  }

  private ForwarderRig serve(ScriptedUpstream.Script... connections) throws IOException {
    rig = ForwarderRig.start(new ScriptedUpstream(connections));
    return rig;
  }

  @Test
  void theRequestHeadGoesUpstreamByteForByteWithOnlyHostPointedAtTheUpstream() throws Exception {
    serve(answering(OK_EMPTY_JSON, OK_EMPTY_JSON));
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String head =
        "POST /v1/chat/completions?stream=false&q=a%20b HTTP/1.1\r\n"
            + "X-CamelCase-Header: Value\r\n"
            + "Host: {host}\r\n"
            + "content-type: application/json\r\n"
            + "X-Dup: one\r\n"
            + "accept: */*\r\n"
            + "X-Dup: two\r\n"
            + "Authorization: Bearer sk-test\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n"
            + "User-Agent: raw-test/1.0\r\n"
            + "X-lower-UPPER: MiXeD vAlUe\r\n"
            + "\r\n";
    String second =
        "GET /v1/models HTTP/1.1\r\nhost: {host}\r\nX-Second: 2\r\nAccept: application/json\r\n\r\n";
    try (WireClient client = rig.client()) {
      HttpWire.Message answer = client.exchange(head.replace("{host}", rig.hostPort()) + body);
      HttpWire.Message sent = rig.upstream.takeMessage();
      assertThat(sent.head()).isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
      assertThat(sent.bodyText()).isEqualTo(body);
      assertThat(answer.head()).isEqualTo(OK_EMPTY_JSON.substring(0, OK_EMPTY_JSON.length() - 2));

      // a second request on the same client connection: just as exact
      client.exchange(second.replace("{host}", rig.hostPort()));
      assertThat(rig.upstream.takeMessage().head())
          .isEqualTo(second.replace("{host}", rig.upstream.hostPort()));
    }
    assertThat(rig.upstream.accepted()).isEqualTo(1);

    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.path()).isEqualTo("/v1/chat/completions");
    assertThat(e.query()).isEqualTo("stream=false&q=a%20b");
    assertThat(e.requestHeaders())
        .containsSubsequence(
            new Header("X-CamelCase-Header", "Value"),
            new Header("content-type", "application/json"),
            new Header("X-Dup", "one"),
            new Header("X-Dup", "two"),
            new Header("X-lower-UPPER", "MiXeD vAlUe"));
    assertThat(e.requestBody().bytes()).isEqualTo(HttpWire.bytes(body));
  }

  @Test
  void framingHeadersNamedInConnectionStay() throws Exception {
    serve(answering(OK_EMPTY_JSON, OK_EMPTY_JSON));
    String head =
        "POST /v1/completions HTTP/1.1\r\nHost: {host}\r\nConnection: Content-Length, X-Hop\r\n"
            + "X-Hop: dropped\r\nContent-Length: 10\r\n\r\n";
    try (WireClient client = rig.client()) {
      client.exchange(head.replace("{host}", rig.hostPort()) + "{\"a\":\"b\"} ");
    }
    HttpWire.Message sent = rig.upstream.takeMessage();
    assertThat(sent.head())
        .isEqualTo(
            "POST /v1/completions HTTP/1.1\r\nHost: "
                + rig.upstream.hostPort()
                + "\r\nContent-Length: 10\r\n\r\n");
    assertThat(sent.bodyText()).isEqualTo("{\"a\":\"b\"} ");
    assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void rawUtf8BytesInTheTargetGoUpstreamAsTheyCame() throws Exception {
    serve(answering(OK_EMPTY_JSON));
    // "/café?q=é" with the é as the two raw bytes C3 A9, as some clients send it unescaped
    String head = "GET /caf\u00c3\u00a9?q=\u00c3\u00a9 HTTP/1.1\r\nHost: {host}\r\n\r\n";
    try (WireClient client = rig.client()) {
      client.exchange(head.replace("{host}", rig.hostPort()));
    }
    assertThat(rig.upstream.takeMessage().head())
        .isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
    Exchange e = rig.nextExchange();
    assertThat(e.path()).isEqualTo("/caf\u00e9");
    assertThat(e.query()).isEqualTo("q=\u00e9");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"418 Short And Stout", "200 OK", "201 Created Just Now", "299 ", "404 Nope"})
  void theStatusLineHeadersAndBodyReachTheClientByteForByte(String status) throws Exception {
    String answer =
        "HTTP/1.1 "
            + status
            + "\r\n"
            + "X-CamelCase-Header: Value\r\n"
            + "Set-Cookie: a=1; Path=/\r\n"
            + "content-type: text/plain; charset=utf-8\r\n"
            + "Set-Cookie: b=2; HttpOnly\r\n"
            + "x-request-id: abc\r\n"
            + "Content-Length: 5\r\n"
            + "\r\n"
            + "hello";
    serve(answering(answer));
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange("GET /teapot HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n");
    }
    assertThat(got.head() + got.bodyText()).isEqualTo(answer);

    Exchange e = rig.nextExchange();
    int code = Integer.parseInt(status.substring(0, 3));
    assertThat(e.status()).isEqualTo(code);
    assertThat(e.outcome()).isEqualTo(code >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.OK);
    assertThat(e.responseHeaders())
        .containsSubsequence(
            new Header("X-CamelCase-Header", "Value"),
            new Header("Set-Cookie", "a=1; Path=/"),
            new Header("Set-Cookie", "b=2; HttpOnly"),
            new Header("x-request-id", "abc"));
    assertThat(e.responseBody().bytes()).isEqualTo(HttpWire.bytes("hello"));
  }

  @Test
  void hopByHopHeadersAreDroppedBothWaysAndNothingElseChanges() throws Exception {
    String answer =
        "HTTP/1.1 200 OK\r\n"
            + "Connection: keep-alive, X-Resp-Hop\r\n"
            + "Keep-Alive: timeout=5, max=100\r\n"
            + "X-Resp-Hop: gone\r\n"
            + "Content-Type: text/plain\r\n"
            + "Proxy-Connection: keep-alive\r\n"
            + "X-Kept: yes\r\n"
            + "Upgrade: foo/1\r\n"
            + "Content-Length: 2\r\n"
            + "\r\n"
            + "ok";
    serve(answering(answer));
    String request =
        "POST /hop HTTP/1.1\r\n"
            + "Host: {host}\r\n"
            + "Connection: Keep-Alive, x-hop-one\r\n"
            + "Keep-Alive: timeout=30\r\n"
            + "X-Before: 1\r\n"
            + "Proxy-Connection: keep-alive\r\n"
            + "TE: trailers\r\n"
            + "X-Hop-One: gone\r\n"
            + "Upgrade: foo/1\r\n"
            + "X-After: 2\r\n"
            + "Content-Length: 3\r\n"
            + "\r\n"
            + "abc";
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange(request.replace("{host}", rig.hostPort()));
    }
    HttpWire.Message sent = rig.upstream.takeMessage();
    assertThat(sent.head())
        .isEqualTo(
            "POST /hop HTTP/1.1\r\nHost: "
                + rig.upstream.hostPort()
                + "\r\nX-Before: 1\r\nX-After: 2\r\nContent-Length: 3\r\n\r\n");
    assertThat(sent.bodyText()).isEqualTo("abc");
    assertThat(got.head() + got.bodyText())
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Kept: yes\r\n"
                + "Content-Length: 2\r\n\r\nok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "DELETE", "OPTIONS"})
  void aBodyOnAGetOrDeleteGoesUpstreamWithIt(String method) throws Exception {
    serve(answering(OK_EMPTY_JSON));
    String request =
        method
            + " /v1/things/7 HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            + "Content-Length: 15\r\n\r\n{\"filter\":\"on\"}";
    try (WireClient client = rig.client()) {
      assertThat(client.exchange(request.replace("{host}", rig.hostPort())).status())
          .isEqualTo(200);
    }
    HttpWire.Message sent = rig.upstream.takeMessage();
    assertThat(sent.head() + sent.bodyText())
        .isEqualTo(request.replace("{host}", rig.upstream.hostPort()));
    Exchange e = rig.nextExchange();
    assertThat(e.requestBytes()).isEqualTo(15);
    assertThat(e.requestBody().bytes()).isEqualTo(HttpWire.bytes("{\"filter\":\"on\"}"));
  }

  @Test
  void aChunkedGetBodyGoesUpstreamWithIt() throws Exception {
    serve(answering(OK_EMPTY_JSON));
    String head = "GET /search HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n";
    try (WireClient client = rig.client()) {
      client.exchange(head.replace("{host}", rig.hostPort()) + "4\r\nq=ab\r\n0\r\n\r\n");
    }
    HttpWire.Message sent = rig.upstream.takeMessage();
    assertThat(sent.head()).isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
    assertThat(sent.bodyText()).isEqualTo("q=ab");
    assertThat(sent.complete()).isTrue();
  }

  @Test
  void aChunkedRequestKeepsItsBodyAndTrailersWhateverItsChunkExtensions() throws Exception {
    serve(answering(OK_EMPTY_JSON));
    String head =
        "POST /v1/completions HTTP/1.1\r\n"
            + "Host: {host}\r\n"
            + "Content-Type: text/plain\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Trailer: X-Checksum, X-Other\r\n"
            + "\r\n";
    String chunks =
        "5;ext=1\r\nhello\r\n7;name=\"q v\"\r\n, world\r\n1\r\n!\r\n0\r\n"
            + "X-Checksum: abc123\r\nX-Other: 1\r\n\r\n";
    HttpWire.Message answer;
    try (WireClient client = rig.client()) {
      answer = client.exchange(head.replace("{host}", rig.hostPort()) + chunks);
    }
    assertThat(answer.status()).isEqualTo(200);
    HttpWire.Message sent = rig.upstream.takeMessage();
    assertThat(sent.head()).isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
    assertThat(sent.complete()).as("the upstream got the whole chunked body").isTrue();
    assertThat(sent.bodyText()).isEqualTo("hello, world!");
    assertThat(sent.trailers()).containsExactly("X-Checksum: abc123", "X-Other: 1");
    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
    assertThat(e.requestBody().bytes()).isEqualTo(HttpWire.bytes("hello, world!"));
  }

  @Test
  void aChunkedAnswerKeepsItsBodyAndTrailers() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Trailer: X-Usage\r\n"
            + "\r\n";
    String chunks =
        "f;n=1\r\ndata: {\"a\":1}\n\n\r\n"
            + "f\r\ndata: {\"a\":2}\n\n\r\n"
            + "0\r\nX-Usage: 42\r\nX-Done: yes\r\n\r\n";
    serve(answering(head + chunks));
    HttpWire.Message got;
    try (WireClient client = rig.client()) {
      got = client.exchange("GET /stream HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n");
    }
    assertThat(got.head()).isEqualTo(head);
    assertThat(got.bodyText()).isEqualTo("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n");
    assertThat(got.trailers()).containsExactly("X-Usage: 42", "X-Done: yes");
    assertThat(got.complete()).isTrue();
    assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void expect100ContinueIsAnsweredByTheUpstreamNeverByTheForwarder() throws Exception {
    java.util.concurrent.CountDownLatch mayContinue = new java.util.concurrent.CountDownLatch(1);
    serve(
        (s, in, out) -> {
          s.readHead(in);
          mayContinue.await(10, java.util.concurrent.TimeUnit.SECONDS);
          write(out, "HTTP/1.1 100 Go Ahead\r\n\r\n");
          byte[] body = HttpWire.exactly(in, 5);
          s.signal(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
          write(out, "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone");
          ForwarderRig.drain(in);
        });
    String head =
        "PUT /upload HTTP/1.1\r\nHost: {host}\r\nExpect: 100-continue\r\n"
            + "Content-Length: 5\r\n\r\n";
    try (WireClient client = rig.client()) {
      client.send(head.replace("{host}", rig.hostPort()));
      HttpWire.Message sent = rig.upstream.takeMessage();
      assertThat(sent.head()).isEqualTo(head.replace("{host}", rig.upstream.hostPort()));
      assertThat(client.silentFor(Duration.ofMillis(300)))
          .as("nothing reaches the client before the upstream answers the Expect")
          .isTrue();
      mayContinue.countDown();
      HttpWire.Message interim = client.read("PUT");
      assertThat(interim.head()).isEqualTo("HTTP/1.1 100 Go Ahead\r\n\r\n");
      client.send("hello");
      rig.upstream.awaitSignal("hello");
      HttpWire.Message last = client.read("PUT");
      assertThat(last.head() + last.bodyText())
          .isEqualTo("HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone");
    }
    Exchange e = rig.nextExchange();
    assertThat(e.status()).isEqualTo(201);
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void anAbsoluteFormTargetGoesOnlyToTheConfiguredUpstreamAsPathAndQuery() throws Exception {
    serve(answering(OK_EMPTY_JSON));
    try (WireClient client = rig.client()) {
      client.exchange(
          "GET http://elsewhere.invalid:9/v1/models?x=1 HTTP/1.1\r\n"
              + "Host: elsewhere.invalid:9\r\nAccept: */*\r\n\r\n");
    }
    assertThat(rig.upstream.takeMessage().head())
        .isEqualTo(
            "GET /v1/models?x=1 HTTP/1.1\r\nHost: "
                + rig.upstream.hostPort()
                + "\r\nAccept: */*\r\n\r\n");
  }

  @Test
  void theUpstreamUrlsPathPrefixesTheTarget() throws Exception {
    ScriptedUpstream upstream = new ScriptedUpstream(answering(OK_EMPTY_JSON));
    rig = ForwarderRig.start(upstream, URI.create(upstream.url() + "/base"), s -> s);
    try (WireClient client = rig.client()) {
      client.exchange("GET /v1/models?x=1 HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n");
    }
    assertThat(rig.upstream.takeMessage().head())
        .isEqualTo("GET /base/v1/models?x=1 HTTP/1.1\r\nHost: " + upstream.hostPort() + "\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "DELETE"})
  void aRequestWithoutABodyGetsNoFramingHeaderAdded(String method) throws Exception {
    serve(answering(OK_EMPTY_JSON));
    String request = method + " /v1/x HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n";
    try (WireClient client = rig.client()) {
      client.exchange(request.replace("{host}", rig.hostPort()));
    }
    assertThat(rig.upstream.takeMessage().head())
        .isEqualTo(request.replace("{host}", rig.upstream.hostPort()));
  }

  @Test
  void aBigHeaderSectionUnderTheLimitPassesWhole() throws Exception {
    serve(answering(OK_EMPTY_JSON));
    StringBuilder head = new StringBuilder("GET /big HTTP/1.1\r\nHost: {host}\r\n");
    for (int i = 0; i < 400; i++) { // about 48 KiB, under the 64 KiB limit
      head.append("X-Filler-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
    }
    head.append("\r\n");
    try (WireClient client = rig.client()) {
      assertThat(client.exchange(head.toString().replace("{host}", rig.hostPort())).status())
          .isEqualTo(200);
    }
    assertThat(rig.upstream.takeMessage().head())
        .isEqualTo(head.toString().replace("{host}", rig.upstream.hostPort()));
  }

  /** Headers as the upstream wrote them reach the Exchange in order, for the recorder. */
  @Test
  void theExchangeKeepsBothHeaderListsAsOnTheWire() throws Exception {
    serve(
        answering(
            "HTTP/1.1 200 OK\r\nB-Second: 1\r\nA-First: 2\r\nb-second: 3\r\n"
                + "Content-Length: 0\r\n\r\n"));
    try (WireClient client = rig.client()) {
      client.exchange(
          "GET / HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\nZ-Last: 1\r\nA-First: 2\r\n\r\n");
    }
    Exchange e = rig.nextExchange();
    assertThat(e.requestHeaders())
        .containsSubsequence(List.of(new Header("Z-Last", "1"), new Header("A-First", "2")));
    assertThat(e.responseHeaders())
        .containsSubsequence(
            List.of(
                new Header("B-Second", "1"),
                new Header("A-First", "2"),
                new Header("b-second", "3")));
  }
}
