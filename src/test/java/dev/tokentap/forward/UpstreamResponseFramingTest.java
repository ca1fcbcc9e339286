package dev.tokentap.forward;

import static dev.tokentap.forward.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.model.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How upstream responses are framed and when their connection is reused, on real sockets. */
class UpstreamResponseFramingTest {

  private ScriptedUpstream server;
  private UpstreamClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private void serve(ScriptedUpstream.Script... connections) throws IOException {
    server = new ScriptedUpstream(connections);
    client =
        new UpstreamClient(
            ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), server.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  /** A connection that answers each request it reads with the next of {@code answers}. */
  private static ScriptedUpstream.Script answering(String... answers) {
    return (s, in, out) -> {
      for (String answer : answers) {
        if (s.readRequest(in) == null) {
          return;
        }
        write(out, answer);
      }
      Thread.sleep(10_000); // keeps the connection open until the test ends
    };
  }

  private UpstreamResponse call(String method) throws IOException {
    return client.newCall(server.url(), method, "/x", List.of(), null).execute();
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    in.transferTo(got);
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private String get() throws IOException {
    try (UpstreamResponse r = call("GET")) {
      return readAll(r.body());
    }
  }

  @Test
  void aChunkedBodyIsDechunkedIgnoringExtensionsAndTrailersAndItsConnectionReused()
      throws Exception {
    String chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Kept\r\n\r\n"
            + "5;name=value\r\nhello\r\nA ; x=\"y\"\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n";
    serve(answering(chunked, chunked));
    try (UpstreamResponse r = call("GET")) {
      assertThat(r.head().status()).isEqualTo(200);
      assertThat(r.head().headers())
          .containsExactly(
              new Header("Transfer-Encoding", "chunked"), new Header("X-Case", "Kept"));
      assertThat(readAll(r.body())).isEqualTo("hello, world!!!");
    }
    assertThat(get()).isEqualTo("hello, world!!!");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aFixedLengthBodyEndsAtItsLengthAndItsConnectionIsReused() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    serve(answering(answer, answer));
    assertThat(get()).isEqualTo("hello");
    assertThat(get()).isEqualTo("hello");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aBodyWithoutLengthEndsWhenTheServerClosesAndItsConnectionIsNotReused() throws Exception {
    ScriptedUpstream.Script untilClose =
        (s, in, out) -> {
          s.readRequest(in);
          write(out, "HTTP/1.1 200 OK\r\n\r\nall of it");
        };
    serve(untilClose, untilClose);
    assertThat(get()).isEqualTo("all of it");
    assertThat(get()).isEqualTo("all of it");
    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void aPrematureEndInsideAChunkIsAnError() throws Exception {
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort");
        });
    try (UpstreamResponse r = call("GET")) {
      assertThatThrownBy(() -> readAll(r.body())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aPrematureEndBeforeTheLastChunkIsAnError() throws Exception {
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n");
        });
    try (UpstreamResponse r = call("GET")) {
      assertThatThrownBy(() -> readAll(r.body())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aPrematureEndShortOfContentLengthIsAnError() throws Exception {
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        });
    try (UpstreamResponse r = call("GET")) {
      assertThatThrownBy(() -> readAll(r.body())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void headAnd204And304HaveNoBodyWhateverTheirHeadersSay() throws Exception {
    serve(
        answering(
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"));
    try (UpstreamResponse r = call("HEAD")) {
      assertThat(r.head().header("Content-Length")).isEqualTo("10");
      assertThat(readAll(r.body())).isEmpty();
    }
    try (UpstreamResponse r = call("DELETE")) {
      assertThat(r.head().status()).isEqualTo(204);
      assertThat(readAll(r.body())).isEmpty();
    }
    try (UpstreamResponse r = call("GET")) {
      assertThat(r.head().status()).isEqualTo(304);
      assertThat(readAll(r.body())).isEmpty();
    }
    assertThat(get()).isEqualTo("next");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void interimResponsesAreSkipped() throws Exception {
    serve(
        answering(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));
    try (UpstreamResponse r = call("GET")) {
      assertThat(r.head().status()).isEqualTo(201);
      assertThat(r.head().headers()).containsExactly(new Header("Content-Length", "2"));
      assertThat(readAll(r.body())).isEqualTo("ok");
    }
  }

  @Test
  void connectionCloseOrHttp10WithoutKeepAliveIsNotReused() throws Exception {
    serve(
        answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na"),
        answering("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb"),
        answering(
            "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nc",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nd"));
    assertThat(get()).isEqualTo("a");
    assertThat(get()).isEqualTo("b");
    assertThat(get()).isEqualTo("c");
    assertThat(get()).isEqualTo("d");
    assertThat(server.accepted()).isEqualTo(3);
  }

  @Test
  void aReadReturnsWhatArrivedWithoutWaitingToFillTheBuffer() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n");
          firstSeen.await(10, TimeUnit.SECONDS);
          write(out, "3\r\ntwo\r\n0\r\n\r\n");
        });
    try (UpstreamResponse r = call("GET")) {
      byte[] buf = new byte[16 * 1024];
      int n = r.body().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("one");
      firstSeen.countDown();
      assertThat(readAll(r.body())).isEqualTo("two");
    }
  }

  @Test
  void closingABodyBeforeItsEndClosesTheConnection() throws Exception {
    serve(
        answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"),
        answering("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"));
    try (UpstreamResponse r = call("GET")) {
      assertThat(r.body().read(new byte[3])).isEqualTo(3);
    }
    assertThat(get()).isEqualTo("z");
    assertThat(server.accepted()).isEqualTo(2);
  }
}
