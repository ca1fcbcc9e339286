package dev.tokentap.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Ending;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The forwarder on real sockets, between a raw client and a fake upstream replaying fixtures. */
class ForwarderTest {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "date");

  private ReplayUpstream upstream;
  private Forwarder forwarder;
  private final BlockingQueue<Exchange> finished = new LinkedBlockingQueue<>();
  private final BlockingQueue<InFlightExchange> started = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws IOException {
    upstream = new ReplayUpstream();
    forwarder = startForwarder(URI.create(upstream.url()));
  }

  private Forwarder startForwarder(URI to) throws IOException {
    return startForwarder(ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), to));
  }

  private Forwarder startForwarder(ForwarderSettings settings) throws IOException {
    ExchangeListener listener =
        new ExchangeListener() {
          @Override
          public void started(InFlightExchange exchange) {
            started.add(exchange);
          }

          @Override
          public void finished(Exchange exchange) {
            finished.add(exchange);
          }
        };
    AtomicLong ids = new AtomicLong();
    Forwarder f =
        new Forwarder(settings, ExchangeMeter.Factory.NONE, listener, ids::incrementAndGet);
    f.start();
    return f;
  }

  @AfterEach
  void stop() throws IOException {
    forwarder.stop(Duration.ZERO);
    upstream.close();
  }

  static Iterable<String> fixtures() {
    return Fixture.names();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixturePassesThroughByteForByte(String name) throws Exception {
    Fixture f = Fixture.load(name);
    upstream.enqueue(Reply.of(f).scaled(0.2));

    RawClient.Answer answer;
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      answer = client.send(f.requestBytes()).read(f.method().equals("HEAD"));
    }

    assertThat(answer.complete()).isTrue();
    assertThat(answer.status()).isEqualTo(f.status());
    assertThat(answer.body()).isEqualTo(f.responseBody());
    for (Header h : f.responseHeaders()) {
      if (!HOP_BY_HOP.contains(h.name().toLowerCase(Locale.ROOT))) {
        assertThat(answer.header(h.name())).as(h.name()).isEqualTo(h.value());
      }
    }
    if (f.responseHeader("Content-Length") != null) {
      assertThat(answer.header("Content-Length")).isEqualTo(f.responseHeader("Content-Length"));
    }

    ReplayUpstream.Received sent = upstream.takeRequest();
    assertThat(sent.method()).isEqualTo(f.method());
    assertThat(sent.target()).isEqualTo(f.path());
    assertThat(sent.body()).isEqualTo(f.requestBody());
    for (Header h : f.requestHeaders()) {
      if (!h.name().equalsIgnoreCase("Host")) {
        assertThat(sent.header(h.name())).as(h.name()).isEqualTo(h.value());
      }
    }
    assertThat(sent.header("Accept-Encoding")).isNull();
    assertThat(sent.header("User-Agent")).isNull();

    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(f.status());
    assertThat(e.outcome()).isEqualTo(f.status() >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.OK);
    assertThat(e.responseBytes()).isEqualTo(f.responseBody().length);
    assertThat(e.requestBytes()).isEqualTo(f.requestBody().length);
    assertThat(e.responseBody().bytes()).isEqualTo(f.responseBody());
    assertThat(e.requestBody().bytes()).isEqualTo(f.requestBody());
    assertThat(e.path() + (e.query() == null ? "" : "?" + e.query())).isEqualTo(f.path());
  }

  @Test
  void aStreamedEventReachesTheClientBeforeTheNextOneIsSent() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    upstream.enqueue(Reply.of(f).ending(Ending.GATED));
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      client.send(f.requestBytes());
      // The upstream holds event 2 back until event 1 has arrived here: a forwarder that waited
      // for more bytes before flushing would never deliver it, and this read would time out.
      byte[] first = f.chunks().getFirst().bytes();
      byte[] got = client.readSome(first.length + 5); // "1e3\r\n" chunk header included
      upstream.releaseGate();
      assertThat(new String(got, StandardCharsets.UTF_8))
          .endsWith(new String(first, 0, first.length, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aClientHangingUpMidStreamCancelsTheUpstreamCall() throws Exception {
    Fixture f = Fixture.load("client_disconnect_midstream");
    upstream.enqueue(Reply.of(f).ending(Ending.KEEP_STREAMING));
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      client.send(f.requestBytes());
      client.readSome(200);
    }
    assertThat(upstream.awaitPeerGone(10, TimeUnit.SECONDS)).isTrue();
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.outcome()).isEqualTo(Outcome.CLIENT_ABORTED);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.responseBytes()).isPositive();
  }

  @Test
  void stoppingAfterAClientHungUpDoesNotWaitOutTheGrace() throws Exception {
    Fixture f = Fixture.load("client_disconnect_midstream");
    upstream.enqueue(Reply.of(f).ending(Ending.KEEP_STREAMING));
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      client.send(f.requestBytes());
      client.readSome(200);
    }
    assertThat(finished.poll(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.CLIENT_ABORTED);
    long t0 = System.nanoTime();
    forwarder.stop(Duration.ofSeconds(30));
    // nothing runs any more: without the second stop(0) the JDK server waited 33 s here
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(25));
  }

  @Test
  void cancellingAnInFlightExchangeAbortsBothSides() throws Exception {
    Fixture f = Fixture.load("client_disconnect_midstream");
    upstream.enqueue(Reply.of(f).ending(Ending.KEEP_STREAMING));
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      client.send(f.requestBytes());
      InFlightExchange running = started.poll(10, TimeUnit.SECONDS);
      assertThat(forwarder.inFlight()).extracting(InFlightExchange::id).contains(running.id());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (running.responseBytes() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(running.status()).isEqualTo(200);
      running.cancel();
      RawClient.Answer answer = client.read(false);
      assertThat(answer.complete()).isFalse();
    }
    assertThat(upstream.awaitPeerGone(10, TimeUnit.SECONDS)).isTrue();
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.outcome()).isEqualTo(Outcome.CLIENT_ABORTED);
    assertThat(e.error()).contains("cancelled");
    assertThat(forwarder.inFlight()).isEmpty();
  }

  @Test
  void anUpstreamDyingMidStreamEndsTheClientsStreamBrokenToo() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    upstream.enqueue(Reply.of(f).scaled(0.1).ending(Ending.DIE_MIDSTREAM));
    RawClient.Answer answer;
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      answer = client.send(f.requestBytes()).read(false);
    }
    assertThat(answer.complete()).isFalse();
    assertThat(answer.body()).isEqualTo(f.responseBody());
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.outcome()).isEqualTo(Outcome.UPSTREAM_ABORTED);
    assertThat(e.error()).startsWith("upstream broke off the answer");
  }

  /** The 502 names where TokenTap connected, never the URL's user info (a password). */
  @Test
  void aDeadUpstreamGetsA502NamingIt() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI dead = URI.create("http://127.0.0.1:" + closedPort);
    forwarder.stop(Duration.ZERO);
    forwarder = startForwarder(URI.create("http://user:PASSWORD@127.0.0.1:" + closedPort + "/"));
    Fixture f = Fixture.load("chat_nonstream");
    RawClient.Answer answer;
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      answer = client.send(f.requestBytes()).read(false);
    }
    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    assertThat(body)
        .startsWith("{\"error\":{\"type\":\"upstream_unavailable\",\"message\":")
        .contains(dead.toString())
        .doesNotContain("PASSWORD");
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.outcome()).isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.error()).contains(dead.toString()).doesNotContain("PASSWORD");
    assertThat(e.requestBody().bytes()).isEqualTo(f.requestBody());
  }

  @Test
  void anHttpsUpstreamThatDoesNotSpeakTlsGetsA502SayingSo() throws Exception {
    ScriptedUpstream plainHttp =
        new ScriptedUpstream(
            (s, in, out) ->
                ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    URI https = URI.create("https://127.0.0.1:" + plainHttp.url().getPort());
    forwarder.stop(Duration.ZERO);
    forwarder = startForwarder(https);
    RawClient.Answer answer;
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      answer =
          client
              .send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8))
              .read(false);
    }
    assertThat(answer.status()).isEqualTo(502);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("upstream_unavailable")
        .contains(https.toString())
        .contains("TLS failed");
    assertThat(finished.poll(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
    plainHttp.close();
  }

  @Test
  void anUpstreamSilentPastTheTimeoutGetsA502() throws Exception {
    forwarder.stop(Duration.ZERO);
    forwarder =
        startForwarder(
            ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), URI.create(upstream.url()))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
    Fixture slow = Fixture.load("chat_nonstream"); // headers after 5.7 s
    upstream.enqueue(Reply.of(slow));
    RawClient.Answer answer;
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      answer = client.send(slow.requestBytes()).read(false);
    }
    assertThat(answer.status()).isEqualTo(502);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("upstream_unavailable")
        .contains("no answer in time");
    assertThat(finished.poll(10, TimeUnit.SECONDS).outcome())
        .isEqualTo(Outcome.UPSTREAM_UNAVAILABLE);
  }

  @Test
  void stoppingCutsWhatIsStillRunningAndRecordsIt() throws Exception {
    Fixture f = Fixture.load("client_disconnect_midstream");
    upstream.enqueue(Reply.of(f).ending(Ending.KEEP_STREAMING));
    try (RawClient client = new RawClient(forwarder.address().getPort())) {
      client.send(f.requestBytes());
      client.readSome(100);
      forwarder.stop(Duration.ofMillis(200));
    }
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    assertThat(e.outcome()).isEqualTo(Outcome.CLIENT_ABORTED);
    assertThat(e.error()).contains("shut down");
  }
}
