package dev.tokentap.forward;

import static dev.tokentap.forward.ForwarderRig.answering;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed request gets what nginx gives it, is never forwarded (the upstream sees no connection
 * at all), and is recorded with outcome {@code rejected}, the status sent and the reason, so a user
 * debugging a client sees it. The answer is a short text/plain body saying why, and the connection
 * is closed after it.
 *
 * <p>What nginx 1.22.1 (Debian 12) answers, as a reverse proxy ({@code proxy_pass} to a loopback
 * upstream, {@code proxy_http_version 1.1}, {@code proxy_request_buffering off}), each case sent
 * whole on a fresh raw socket. Every rejection below came with {@code Content-Type: text/html},
 * {@code Connection: close}, the connection then closed, and nothing reached the upstream:
 *
 * <pre>
 * case                                         nginx status                                 forwarded
 * NUL in a header value  "X-A: a\0b"           400 Bad Request                              no
 * NUL in a header name   "X-\0A: ab"           400 Bad Request                              no
 * NUL in the target      "GET /a\0b"           400 Bad Request                              no
 * bare CR in a value     "X-A: a\rb"           400 Bad Request                              no
 * bare CR ending a line  "Host: x\rX-A: b"     400 Bad Request                              no
 * HTTP/9.9, HTTP/2.0                           505 HTTP Version Not Supported               no
 * HTTP/0.9 (written out), HTTX/1.1, http/1.1   400 Bad Request                              no
 * HTTP/1.2, HTTP/1.10                          200 (forwarded as HTTP/1.1)                  yes
 * Content-Length + Transfer-Encoding: chunked  400 Bad Request                              no
 * Content-Length: abc | -1 | +3 | "3, 3"       400 Bad Request                              no
 * Content-Length: 99999999999999999999999      400 Bad Request                              no
 * Content-Length: 3 and Content-Length: 4      400 Bad Request                              no
 * Content-Length: 3 twice (same value)         400 Bad Request                              no
 * Content-Length: 03, "3 " (trailing space)    200                                          yes
 * Transfer-Encoding: gzip | gzip, chunked |
 *   chunked, gzip | identity                   501 Not Implemented                          no
 * Transfer-Encoding: chunked (two headers)     400 Bad Request                              no
 * Transfer-Encoding: Chunked (case)            200                                          yes
 * HTTP/1.0 with Transfer-Encoding: chunked     400 Bad Request                              no
 * header section ~57 KiB or ~80 KiB; one 70 KiB header line
 *                                              400 Bad Request, body title "400 Request     no
 *                                              Header Or Cookie Too Large" (nginx's default
 *                                              limit is 4 x 8 KiB; TokenTap's is 64 KiB)
 * CONNECT example.com:443                      400 Bad Request                              no
 * absolute-form GET http://elsewhere:9/abs?q=1 200, sent to the configured upstream as      yes
 *                                              "GET /abs?q=1", Host replaced
 * HTTP/1.1 without Host; two Host headers      400 Bad Request                              no
 * obs-fold (line starting with a space);
 * space before the colon; empty header name;
 * target not starting with "/"                 400 Bad Request                              no
 * invalid chunk size "zz"                      400 Bad Request                              no
 * 0x01 or 0x7f in a header value; a bare LF    200 (a bare LF ends the line)                yes
 * </pre>
 *
 * The cases tested here are those the issue names (NUL, bare CR, unknown version, conflicting or
 * malformed framing, a header section over 64 KiB, CONNECT); TokenTap answers them with nginx's
 * status, but a text/plain body of its own.
 */
class ForwarderRejectTest {

  private static final String HUGE_SECTION = filler(700); // about 80 KiB of headers

  private ForwarderRig rig;

  @BeforeEach
  void start() throws IOException {
    rig =
        ForwarderRig.start(
            new ScriptedUpstream()
                .otherwise(answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
  }

  @AfterEach
  void stop() throws IOException {
    rig.close();
  }

  static Stream<Arguments> malformed() {
    String h = "Host: x\r\n";
    return Stream.of(
        Arguments.of("NUL in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\0b\r\n\r\n", 400),
        Arguments.of("NUL in a header name", "GET / HTTP/1.1\r\n" + h + "X-\0A: ab\r\n\r\n", 400),
        Arguments.of("NUL in the target", "GET /a\0b HTTP/1.1\r\n" + h + "\r\n", 400),
        // not an nginx case (it passes such bytes on): a target whose bytes are not UTF-8 cannot
        // be sent on byte for byte by Netty's encoder, so it is refused rather than altered
        Arguments.of("a target that is not UTF-8", "GET /caf\u00e9 HTTP/1.1\r\n" + h + "\r\n", 400),
        Arguments.of(
            "bare CR in a header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\rb\r\n\r\n", 400),
        Arguments.of(
            "bare CR ending a header line", "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n", 400),
        Arguments.of("HTTP/9.9", "GET / HTTP/9.9\r\n" + h + "\r\n", 505),
        Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n" + h + "\r\n", 505),
        Arguments.of("HTTP/0.9 written out", "GET / HTTP/0.9\r\n" + h + "\r\n", 400),
        Arguments.of("not HTTP at all", "GET / HTTX/1.1\r\n" + h + "\r\n", 400),
        Arguments.of(
            "Content-Length and Transfer-Encoding",
            "POST / HTTP/1.1\r\n"
                + h
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "Content-Length not a number",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: abc\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length negative",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length with a sign",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: +3\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length as a list",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: 3, 3\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length too big",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: 99999999999999999999999\r\n\r\nabc",
            400),
        Arguments.of(
            "two differing Content-Lengths",
            "POST / HTTP/1.1\r\n" + h + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        Arguments.of(
            "a transfer coding other than chunked",
            "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip\r\n\r\nabc",
            501),
        Arguments.of(
            "chunked not the last coding",
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked, gzip\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            501),
        Arguments.of(
            "gzip then chunked",
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            501),
        Arguments.of(
            "chunked twice",
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "a header section over 64 KiB", "GET / HTTP/1.1\r\n" + h + HUGE_SECTION + "\r\n", 400),
        Arguments.of(
            "one header line over 64 KiB",
            "GET / HTTP/1.1\r\n" + h + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n",
            400),
        Arguments.of(
            "CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aMalformedRequestIsAnsweredLikeNginxAndNeverForwarded(String why, String request, int status)
      throws Exception {
    try (WireClient client = rig.client()) {
      client.send(request);
      HttpWire.Message answer = client.read("GET");
      assertThat(answer.status()).as(why).isEqualTo(status);
      assertThat(answer.header("Content-Type")).as(why).startsWith("text/plain");
      assertThat(answer.bodyText()).as(why).isNotBlank().hasSizeLessThan(512);
      assertThat(client.closedWithin(Duration.ofSeconds(5)))
          .as("connection closed after the rejection of: " + why)
          .isTrue();
    }

    Exchange e = rig.nextExchange();
    assertThat(e.outcome()).as(why).isEqualTo(Outcome.REJECTED);
    assertThat(e.status()).as(why).isEqualTo(status);
    assertThat(e.error()).as(why).isNotBlank();
    assertThat(rig.upstream.accepted()).as("upstream connections after: " + why).isZero();
  }

  @Test
  void aMalformedRequestAfterAGoodOneOnTheSameConnectionIsRejectedAlone() throws Exception {
    HttpWire.Message first;
    HttpWire.Message second;
    try (WireClient client = rig.client()) {
      first = client.exchange("GET /ok HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n");
      client.send("GET /bad HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\nX-A: a\0b\r\n\r\n");
      second = client.read("GET");
      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(400);
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(rig.nextExchange().outcome()).isEqualTo(Outcome.OK);
    Exchange rejected = rig.nextExchange();
    assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rig.upstream.takeMessage().startLine()).isEqualTo("GET /ok HTTP/1.1");
    assertThat(rig.upstream.accepted()).isEqualTo(1);
    assertThat(rig.pollExchange(Duration.ofMillis(200))).isNull();
  }

  @Test
  void theForwarderServesTheNextClientAfterARejection() throws Exception {
    try (WireClient client = rig.client()) {
      client.send("GET / HTTP/9.9\r\nHost: x\r\n\r\n");
      assertThat(client.read("GET").status()).isEqualTo(505);
    }
    try (WireClient client = rig.client()) {
      assertThat(
              client
                  .exchange("GET /next HTTP/1.1\r\nHost: " + rig.hostPort() + "\r\n\r\n")
                  .status())
          .isEqualTo(200);
    }
  }

  private static String filler(int headers) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < headers; i++) {
      b.append(String.format("X-Filler-%04d: %s\r\n", i, "a".repeat(100)));
    }
    return b.toString();
  }
}
