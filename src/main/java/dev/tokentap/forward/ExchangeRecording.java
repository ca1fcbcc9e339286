package dev.tokentap.forward;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.ExchangeTally;
import dev.tokentap.model.Outcome;
import dev.tokentap.model.PromptProgress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;

/**
 * What is recorded of one exchange while it runs: the tally each piece of either body is teed into,
 * read live from any thread as its {@link InFlightExchange}, and the listener told of its start,
 * progress and end. Written on its exchange's event loop only.
 */
final class ExchangeRecording implements InFlightExchange {

  /** Each event loop's copy of the piece being teed (the meter reads byte arrays). */
  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[HttpLimits.MAX_PIECE];
        }
      };

  private final ForwarderCore core;
  private final ExchangeRun run;
  private final ExchangeTally tally;

  ExchangeRecording(
      ForwarderCore core,
      ExchangeRun run,
      HttpRequest request,
      String originForm,
      Channel client,
      UpstreamTarget target) {
    this.core = core;
    this.run = run;
    this.tally =
        new ExchangeTally(
            core.ids.getAsLong(),
            request.method().name(),
            originForm,
            addressOf(client),
            target.url().toString(),
            HopByHopHeaders.toModel(request.headers()),
            core.meters,
            core.settings.captureCap());
  }

  /** The bytes in this loop's scratch array, for the tally (the meter reads arrays). */
  static byte[] copied(ByteBuf bytes) {
    byte[] scratch = SCRATCH.get();
    bytes.getBytes(bytes.readerIndex(), scratch, 0, bytes.readableBytes());
    return scratch;
  }

  /** The exchange is in flight: listed among the running ones, and the listener told. */
  void started() {
    core.inFlight.put(tally.id(), this);
    safely(() -> core.listener.started(this));
  }

  /** {@code n} bytes of the request body, in {@code scratch}. */
  void request(byte[] scratch, int n) {
    tally.request(scratch, n);
  }

  /** The upstream's status line and headers, arrived at {@code nanoTime}. */
  void responseHead(int status, HttpHeaders headers, long nanoTime) {
    tally.responseHead(status, HopByHopHeaders.toModel(headers), nanoTime);
  }

  /**
   * {@code n} bytes of the answer, in {@code scratch}; the listener hears of progress now and then.
   */
  void response(byte[] scratch, int n, long nanoTime) {
    if (tally.response(scratch, n, nanoTime)) {
      safely(() -> core.listener.progressed(this));
    }
  }

  /** TokenTap answered the client itself. */
  void ownAnswer(OwnAnswer own) {
    tally.ownAnswer(
        own.response().status().code(),
        HopByHopHeaders.toModel(own.response().headers()),
        own.body());
  }

  /** The exchange is over: no longer running, and the listener gets its {@link Exchange}. */
  void finished(Outcome outcome, String error) {
    Exchange exchange = tally.toExchange(outcome, error, System.nanoTime());
    core.inFlight.remove(tally.id());
    safely(() -> core.listener.finished(exchange));
  }

  @Override
  public void cancel() {
    cancel("cancelled in TokenTap");
  }

  /** Ends the exchange from any thread: both connections are cut, it is recorded as aborted. */
  void cancel(String reason) {
    run.cancel(reason);
  }

  @Override
  public long id() {
    return tally.id();
  }

  @Override
  public long startedAtMs() {
    return tally.startedAtMs();
  }

  @Override
  public String method() {
    return tally.method();
  }

  @Override
  public String path() {
    return tally.path();
  }

  @Override
  public String userAgent() {
    return tally.userAgent();
  }

  @Override
  public String clientAddress() {
    return tally.clientAddress();
  }

  @Override
  public long requestBytes() {
    return tally.requestBytes();
  }

  @Override
  public long responseBytes() {
    return tally.responseBytes();
  }

  @Override
  public int status() {
    return tally.status();
  }

  @Override
  public ExchangeMetrics metricsSoFar() {
    return tally.metricsSoFar();
  }

  @Override
  public PromptProgress promptProgress() {
    return tally.promptProgress();
  }

  private static String addressOf(Channel ch) {
    if (ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
    return null;
  }

  private static void safely(Runnable r) {
    ExchangeTally.safely(r);
  }
}
