package dev.tokentap.forward;

import static dev.tokentap.forward.ScriptedUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.model.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes upstream, the stale-connection retry, idle eviction and cancelling, on sockets. */
class UpstreamCallTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

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
    client = new UpstreamClient(settings());
  }

  private ForwarderSettings settings() {
    return ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), server.url())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** Answers {@code requests} requests with OK, then closes the connection. */
  private static ScriptedUpstream.Script okTimes(int requests) {
    return (s, in, out) -> {
      for (int i = 0; i < requests; i++) {
        if (s.readRequest(in) == null) {
          return;
        }
        write(out, OK);
      }
    };
  }

  private String send(String method, List<Header> headers, ClientRequestBody body)
      throws IOException {
    try (UpstreamResponse r =
        client.newCall(server.url(), method, "/p?q=1", headers, body).execute()) {
      return new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static ClientRequestBody body(String text, boolean chunked) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return new ClientRequestBody(
        new ByteArrayInputStream(bytes), chunked ? -1 : bytes.length, (b, off, len) -> {});
  }

  @Test
  void theRequestGoesAsTheClientSentItWithOnlyHostAndFramingAdded() throws Exception {
    serve(okTimes(4));
    int port = server.url().getPort();
    List<Header> headers =
        List.of(
            new Header("Content-type", "application/json"),
            new Header("Connection", "keep-alive, X-Hop"),
            new Header("X-Hop", "dropped"),
            new Header("Content-Length", "3"),
            new Header("X-Latin", "caf\u00e9"));
    send("POST", headers, body("abc", false));
    assertThat(server.takeRequest())
        .isEqualTo(
            "POST /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nContent-type: application/json\r\nX-Latin: caf\u00e9\r\n"
                + "Content-Length: 3\r\n\r\nabc");
    send("PUT", List.of(), body("abc", true));
    assertThat(server.takeRequest())
        .isEqualTo(
            "PUT /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    send("POST", List.of(), null);
    assertThat(server.takeRequest())
        .isEqualTo(
            "POST /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 0\r\n\r\n");
    send("GET", List.of(new Header("Accept", "*/*")), null);
    assertThat(server.takeRequest())
        .isEqualTo("GET /p?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n");
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aBodilessRequestOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
    serve(okTimes(1), okTimes(1));
    assertThat(send("GET", List.of(), null)).isEqualTo("ok");
    Thread.sleep(100); // the server has closed the pooled connection by now
    assertThat(send("GET", List.of(), null)).isEqualTo("ok");
    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void aRequestWhoseBodyWasStartedIsNotSentAgain() throws Exception {
    serve(okTimes(1), okTimes(1));
    assertThat(send("GET", List.of(), null)).isEqualTo("ok");
    Thread.sleep(100);
    assertThatThrownBy(() -> send("POST", List.of(), body("abc", false)))
        .isInstanceOf(IOException.class);
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aStaleConnectionIsRetriedOnlyOnce() throws Exception {
    ScriptedUpstream.Script hangUp = (s, in, out) -> s.readRequest(in);
    serve(okTimes(1), hangUp, hangUp);
    assertThat(send("GET", List.of(), null)).isEqualTo("ok");
    Thread.sleep(100);
    assertThatThrownBy(() -> send("GET", List.of(), null)).isInstanceOf(IOException.class);
    assertThat(server.accepted()).isEqualTo(2);
  }

  @Test
  void connectionsIdleLongerThanTheKeepAliveAreClosedNotReused() throws Exception {
    serve(okTimes(2), okTimes(2));
    AtomicLong now = new AtomicLong();
    UpstreamPool pool = new UpstreamPool(now::get, TimeUnit.SECONDS.toNanos(4), 2);
    UpstreamAddress address = UpstreamAddress.of(server.url());
    UpstreamConnection first = open(address);
    pool.release(first);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3_999));
    assertThat(pool.acquire(address)).isSameAs(first);
    pool.release(first);
    now.addAndGet(TimeUnit.SECONDS.toNanos(4));
    assertThat(pool.acquire(address)).isNull();
    assertThat(first.isClosed()).isTrue();
  }

  @Test
  void idleConnectionsBeyondTheCapAreClosed() throws Exception {
    serve(okTimes(1), okTimes(1), okTimes(1));
    UpstreamPool pool = new UpstreamPool(System::nanoTime, TimeUnit.SECONDS.toNanos(4), 2);
    UpstreamAddress address = UpstreamAddress.of(server.url());
    UpstreamConnection a = open(address);
    UpstreamConnection b = open(address);
    UpstreamConnection c = open(address);
    pool.release(a);
    pool.release(b);
    pool.release(c);
    assertThat(pool.idleCount(address)).isEqualTo(2);
    assertThat(a.isClosed()).isTrue();
    assertThat(pool.acquire(address)).isSameAs(c);
  }

  @Test
  void cancelAbortsABlockedReadAtOnce() throws Exception {
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          Thread.sleep(10_000);
        });
    UpstreamCall call = client.newCall(server.url(), "GET", "/", List.of(), null);
    CompletableFuture<Object> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return call.execute();
              } catch (IOException e) {
                return e;
              }
            });
    server.takeRequest();
    long start = System.nanoTime();
    call.cancel();
    assertThat(running.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aSilentUpstreamTimesOutBeforeItsHeaders() throws Exception {
    serve(
        (s, in, out) -> {
          s.readRequest(in);
          Thread.sleep(10_000);
        });
    client =
        new UpstreamClient(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));
    assertThatThrownBy(() -> send("GET", List.of(), null))
        .isInstanceOf(java.net.SocketTimeoutException.class);
  }

  private UpstreamConnection open(UpstreamAddress address) throws IOException {
    return UpstreamConnection.open(address, Duration.ofSeconds(1), Duration.ofSeconds(1), s -> {});
  }
}
