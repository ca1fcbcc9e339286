package dev.tokentap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Ending;
import dev.tokentap.testing.ReplayUpstream.Received;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ReplaySender} on a real socket, the fake upstream answering with llama-server's bytes. */
class ReplaySenderTest {

  private ReplayUpstream upstream;
  private ServerHttp http;
  private ReplaySender sender;

  @BeforeEach
  void start() throws Exception {
    upstream = new ReplayUpstream();
    http = new ServerHttp(Duration.ofSeconds(5), "TokenTap/test");
    sender = new ReplaySender(http, new MetricsMeterFactory(), 1 << 20);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    upstream.close();
  }

  @Test
  void readsTheStreamPieceByPieceAsItArrives() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    CountDownLatch firstPiece = new CountDownLatch(1);
    MetricsMeterFactory real = new MetricsMeterFactory();
    ExchangeMeter.Factory watched =
        (method, path, headers, start) ->
            new PieceWatcher(real.start(method, path, headers, start), firstPiece);
    ReplaySender watchedSender = new ReplaySender(http, watched, 1 << 20);
    upstream.enqueue(Reply.of(f).scaled(0.01).ending(Ending.GATED));
    CompletableFuture<Exchange> sent =
        CompletableFuture.supplyAsync(() -> watchedSender.send(7, request(f, null)));
    upstream.takeRequest();
    // the first piece reaches the meter while the rest of the answer is still held back
    assertThat(firstPiece.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sent).isNotDone();
    upstream.releaseGate();
    Exchange e = sent.get(10, TimeUnit.SECONDS);

    assertThat(e.id()).isEqualTo(7);
    assertThat(e.replayOf()).isEqualTo(3L);
    assertThat(e.outcome()).isEqualTo(Outcome.OK);
    assertThat(e.streamed()).isTrue();
    assertThat(e.metrics().completionTokens()).isEqualTo(32L);
    assertThat(e.metrics().ttftMs()).isNotNull();
    assertThat(e.eventTimes().count()).isEqualTo(f.events().size());
    assertThat(e.responseBody().bytes()).isEqualTo(f.responseBody());
  }

  /** Passes everything on to the real meter and says when the first body piece came. */
  private record PieceWatcher(ExchangeMeter meter, CountDownLatch firstPiece)
      implements ExchangeMeter {
    @Override
    public void onRequestBody(byte[] buf, int off, int len) {
      meter.onRequestBody(buf, off, len);
    }

    @Override
    public void onResponseStart(int status, List<Header> headers, long nanoTime) {
      meter.onResponseStart(status, headers, nanoTime);
    }

    @Override
    public void onResponseBody(byte[] buf, int off, int len, long nanoTime) {
      meter.onResponseBody(buf, off, len, nanoTime);
      firstPiece.countDown();
    }

    @Override
    public ExchangeMetrics snapshot() {
      return meter.snapshot();
    }

    @Override
    public ExchangeMetrics finish(long nanoTime) {
      return meter.finish(nanoTime);
    }

    @Override
    public EventTimes eventTimes() {
      return meter.eventTimes();
    }
  }

  @Test
  void sendsPathQueryBodyAndOnlyTheGivenHeadersBelowTheUpstreamsPathPrefix() throws Exception {
    Fixture f = Fixture.load("chat_nonstream");
    upstream.enqueue(Reply.of(f).scaled(0.01));
    ReplayRequest r =
        new ReplayRequest(
            3,
            URI.create(upstream.url() + "/prefix/"),
            "POST",
            "/v1/chat/completions",
            "a=1",
            List.of(new Header("Content-Type", "application/json")),
            f.requestBody(),
            "sk-secret-key");
    Exchange e = sender.send(8, r);
    Received got = upstream.takeRequest();
    assertThat(got.target()).isEqualTo("/prefix/v1/chat/completions?a=1");
    assertThat(got.body()).isEqualTo(f.requestBody());
    assertThat(got.header("Authorization")).isEqualTo("Bearer sk-secret-key");
    assertThat(got.header("Content-Type")).startsWith("application/json");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.streamed()).isFalse();
    assertThat(e.path()).isEqualTo("/v1/chat/completions");
    assertThat(e.query()).isEqualTo("a=1");
    // in clear here, as a forwarded exchange's: the recorder redacts it before anything is stored
    assertThat(Header.first(e.requestHeaders(), "Authorization")).isEqualTo("Bearer sk-secret-key");
    assertThat(r.toString()).doesNotContain("sk-secret-key").contains("with a credential");
  }

  @Test
  void aServerThatDiesMidStreamIsAnAbortedReplay() throws Exception {
    Fixture f = Fixture.load("chat_stream");
    upstream.enqueue(Reply.of(f).scaled(0.01).ending(Ending.DIE_MIDSTREAM));
    Exchange e = sender.send(9, request(f, null));
    assertThat(e.outcome()).isEqualTo(Outcome.UPSTREAM_ABORTED);
    assertThat(e.error()).startsWith("upstream broke off the answer");
    assertThat(e.replayOf()).isEqualTo(3L);
  }

  private ReplayRequest request(Fixture f, String key) {
    return new ReplayRequest(
        3,
        URI.create(upstream.url()),
        f.method(),
        f.path(),
        null,
        List.of(new Header("Content-Type", "application/json")),
        f.requestBody(),
        key);
  }
}
