package dev.tokentap.forward;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.ExchangeTally;
import dev.tokentap.model.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.ConnectException;
import java.net.InetSocketAddress;

/**
 * One exchange, from its request head to the last byte of its answer, as a state machine on the
 * client connection's event loop (its upstream connection lives on the same loop, so nothing here
 * is shared across threads but the volatile fields {@link InFlightExchange} reads). Each piece of
 * either body is written and flushed the moment it arrives, then teed to the meter and the capture
 * copy; a side that cannot take more stops reading the other.
 */
final class ExchangeRun implements InFlightExchange {

  private static final System.Logger LOG = System.getLogger(ExchangeRun.class.getName());

  /** Each event loop's copy of the piece being teed (the meter reads byte arrays). */
  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[HttpLimits.MAX_PIECE];
        }
      };

  private final ForwarderCore core;
  private final ClientConnection connection;
  private final Channel client;
  private final EventLoop loop;
  private final UpstreamTarget target;
  private final ExchangeTally tally;
  private final boolean head;
  private final boolean clientKeepAlive;
  private final boolean clientHttp10;
  private final HttpRequest upstreamRequest;
  private final RequestParts request = new RequestParts(ForwarderCore.RETRY_HOLD_LIMIT);

  private UpstreamConnection upstream;
  private boolean upstreamReused;
  private boolean retried;
  private boolean responseStarted;
  private boolean interim;
  private boolean responseDone;
  private boolean upstreamFramed;
  private boolean clientFramed;
  private boolean upstreamSaysClose;
  private String unavailable;
  private Throwable upstreamError; // what broke the upstream connection, told before its close
  private boolean ended;

  ExchangeRun(ForwarderCore core, ClientConnection connection, HttpRequest request) {
    this.core = core;
    this.connection = connection;
    this.client = connection.channel();
    this.loop = client.eventLoop();
    this.target = core.target;
    String sent = UpstreamTarget.asSent(request.uri());
    String originForm = UpstreamTarget.originForm(sent != null ? sent : request.uri());
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
    this.head = request.method().equals(HttpMethod.HEAD);
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    String host = target.address().hostHeader();
    HttpHeaders headers = HopByHopHeaders.strip(request.headers(), new AsciiString(host));
    if (!headers.contains("Host")) {
      headers.add("Host", host); // HTTP/1.1 requires one
    }
    this.upstreamRequest =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1, request.method(), target.target(originForm), headers);
  }

  // ---- the client's side ----------------------------------------------------------------------

  /** The request head arrived: the exchange is in flight, its upstream connection is sought. */
  void start() {
    core.inFlight.put(tally.id(), this);
    safely(() -> core.listener.started(this));
    UpstreamConnection pooled = core.pool.take(loop, target.address());
    if (pooled != null) {
      attach(pooled, true);
    } else {
      connectFresh();
    }
  }

  /** Refuses the request without sending it anywhere; the connection closes after the answer. */
  void reject(Rejection rejection) {
    core.inFlight.put(tally.id(), this);
    safely(() -> core.listener.started(this));
    answer(OwnAnswer.rejection(rejection))
        .addListener(f -> finish(Outcome.REJECTED, "rejected: " + rejection.reason(), false));
  }

  /** A piece of the request body; this takes over the caller's reference. */
  void clientContent(HttpContent piece) {
    if (ended) {
      piece.release();
      return;
    }
    if (piece.decoderResult().isFailure()) {
      piece.release();
      abortBoth(
          Outcome.CLIENT_ABORTED,
          "malformed request body: " + describe(piece.decoderResult().cause()));
      return;
    }
    int n = piece.content().readableBytes();
    byte[] scratch = copied(piece.content());
    if (unavailable != null) {
      piece.release(); // nobody to send it to: kept for the record only
    } else {
      request.add(piece);
      if (upstream != null) {
        request.sendTo(upstream.channel()); // flushed when this read from the client is done
        if (!upstream.channel().isWritable()) {
          client.config().setAutoRead(false);
        }
      } else if (request.unsentBytes() > ForwarderCore.RETRY_HOLD_LIMIT) {
        client.config().setAutoRead(false); // until a connection takes them
      }
    }
    tally.request(scratch, n);
    if (unavailable != null && piece instanceof LastHttpContent) {
      answerUnavailable();
    }
  }

  /** Whether the client has sent its whole request (a next one on the connection must wait). */
  boolean requestComplete() {
    return request.complete() || ended;
  }

  /** The client's connection closed: the upstream one closes now, so generation stops there. */
  void clientClosed() {
    if (ended) {
      return;
    }
    String when =
        !request.complete() && unavailable == null
            ? "while sending the request"
            : responseStarted ? "during the answer" : "before the answer";
    closeUpstream();
    finish(Outcome.CLIENT_ABORTED, "client hung up " + when, false);
  }

  /** The client can take more of the answer again. */
  void clientWritable() {
    if (upstream != null) {
      upstream.channel().config().setAutoRead(true);
    }
  }

  // ---- the upstream's side --------------------------------------------------------------------

  private void connectFresh() {
    core.pool
        .connect(loop, target.address())
        .addListener(
            (ChannelFuture f) -> {
              if (ended) {
                f.channel().close();
              } else if (!f.isSuccess()) {
                upstreamUnavailable(describe(f.cause()));
              } else {
                attach(f.channel().pipeline().get(UpstreamConnection.class), false);
              }
            });
  }

  private void attach(UpstreamConnection c, boolean reused) {
    upstream = c;
    upstreamReused = reused;
    upstreamError = null;
    c.bind(this);
    Channel ch = c.channel();
    ch.write(upstreamRequest);
    request.resendTo(ch); // everything so far: all of it on a retry
    ch.flush();
    if (ch.isWritable()) {
      connection.resumeReading();
    } else {
      client.config().setAutoRead(false);
    }
  }

  /** A read from the upstream is done: what it brought goes to the client now. */
  void upstreamReadComplete(UpstreamConnection c) {
    if (c == upstream) {
      client.flush();
    }
  }

  /** A read from the client is done: what it brought goes to the upstream now. */
  void clientReadComplete() {
    if (upstream != null) {
      upstream.channel().flush();
    }
  }

  void upstreamWritabilityChanged(UpstreamConnection c) {
    if (c == upstream && c.channel().isWritable() && !ended) {
      connection.resumeReading();
    }
  }

  void upstreamRead(UpstreamConnection c, HttpObject msg) {
    if (c != upstream || ended) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse response && !responseHead(response)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpContent piece) {
      responsePiece(piece);
    }
  }

  /** The upstream's status line and headers; false when the exchange ended on them. */
  private boolean responseHead(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      String why =
          "the model server sent a malformed answer: " + describe(response.decoderResult().cause());
      if (responseStarted) {
        abortBoth(Outcome.UPSTREAM_ABORTED, why);
      } else {
        closeUpstream();
        upstreamUnavailable(why);
      }
      return false;
    }
    responseStarted = true;
    request.stopHolding();
    HttpResponseStatus s = response.status();
    if (s.codeClass() == HttpStatusClass.INFORMATIONAL && s.code() != 101) {
      interim = true; // 100 Continue, 103 Early Hints: on to the client, the answer follows
      client.writeAndFlush(
          new DefaultHttpResponse(
              HttpVersion.HTTP_1_1, s, HopByHopHeaders.strip(response.headers(), null)));
      return true;
    }
    tally.responseHead(s.code(), HopByHopHeaders.toModel(response.headers()), System.nanoTime());
    upstreamSaysClose = response.headers().containsValue("Connection", "close", true);
    HttpHeaders toClient = HopByHopHeaders.strip(response.headers(), null);
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    boolean bodiless = head || s.code() == 204 || s.code() == 304;
    upstreamFramed = bodiless || chunked || response.headers().contains("Content-Length");
    clientFramed = upstreamFramed;
    if (chunked && clientHttp10) {
      toClient.remove("Transfer-Encoding"); // an HTTP/1.0 client reads the body until close
      clientFramed = false;
    }
    connection.encoder().answeringHead(head);
    client.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, s, toClient)); // flushed below
    return true;
  }

  private void responsePiece(HttpContent piece) {
    boolean last = piece instanceof LastHttpContent;
    if (interim) {
      client.write(piece); // the interim answer's empty end, for the encoder's state
      interim = !last;
      return;
    }
    if (piece.decoderResult().isFailure()) {
      piece.release();
      abortBoth(
          Outcome.UPSTREAM_ABORTED,
          "upstream broke off the answer: " + describe(piece.decoderResult().cause()));
      return;
    }
    int n = piece.content().readableBytes();
    byte[] scratch = copied(piece.content());
    long now = System.nanoTime();
    // Flushed when this read from the upstream is done (one flush for a head and the pieces that
    // came with it); the last piece at once, since the connection may go back to the pool.
    ChannelFuture written = last ? client.writeAndFlush(piece) : client.write(piece);
    if (tally.response(scratch, n, now)) {
      safely(() -> core.listener.progressed(this));
    }
    if (!last) {
      if (!client.isWritable()) {
        upstream.channel().config().setAutoRead(false);
      }
      return;
    }
    responseDone = true;
    boolean upstreamReusable =
        request.complete() && upstream.channel().isActive() && upstreamFramed && !upstreamSaysClose;
    upstream.release(upstreamReusable);
    upstream = null;
    boolean keepAlive = clientKeepAlive && clientFramed && request.complete() && !clientHttp10;
    int status = tally.status();
    Outcome outcome = status >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.OK;
    String error = status >= 400 ? "upstream answered " + status : null;
    written.addListener(
        f -> {
          if (f.isSuccess()) {
            finish(outcome, error, keepAlive);
          } else {
            finish(Outcome.CLIENT_ABORTED, "client hung up during the answer", false);
          }
        });
  }

  /** The upstream connection closed. Before any answer on a pooled one: once more, fresh. */
  void upstreamClosed(UpstreamConnection c) {
    if (c != upstream || ended) {
      return;
    }
    upstream = null;
    if (!responseStarted) {
      if (upstreamReused && !retried && request.canResend()) {
        retried = true;
        connectFresh();
        return;
      }
      upstreamUnavailable(
          upstreamError != null
              ? describe(upstreamError)
              : "the connection closed before an answer");
    } else if (!responseDone) {
      abortBoth(Outcome.UPSTREAM_ABORTED, "upstream broke off the answer: connection closed");
    }
  }

  void upstreamFailed(UpstreamConnection c, Throwable cause) {
    if (c == upstream && !ended) {
      LOG.log(System.Logger.Level.DEBUG, "upstream of exchange " + tally.id() + ": " + cause);
      upstreamError = cause; // the close that follows decides (upstreamClosed) and tells it
    }
  }

  /** The read timeout passed without a byte from the upstream. */
  void upstreamSilent(UpstreamConnection c) {
    if (c != upstream || ended || !request.complete()) {
      return;
    }
    if (!responseStarted) {
      closeUpstream();
      upstreamUnavailable("no answer in time");
    } else {
      abortBoth(Outcome.UPSTREAM_ABORTED, "upstream went silent during the answer");
    }
  }

  // ---- endings --------------------------------------------------------------------------------

  private void upstreamUnavailable(String why) {
    // the address dialled, not the URL: a URL's user info (a password) must not reach the client,
    // the log or the record
    unavailable = "TokenTap could not reach the model server at " + target.address() + ": " + why;
    request.release();
    if (request.complete()) {
      answerUnavailable();
    } else {
      connection.resumeReading(); // the rest of the body is read for the record, then answered
    }
  }

  private void answerUnavailable() {
    answer(OwnAnswer.unavailable(unavailable, clientKeepAlive))
        .addListener(
            f ->
                finish(
                    Outcome.UPSTREAM_UNAVAILABLE, unavailable, clientKeepAlive && !clientHttp10));
  }

  private ChannelFuture answer(OwnAnswer own) {
    tally.ownAnswer(
        own.response().status().code(),
        HopByHopHeaders.toModel(own.response().headers()),
        own.body());
    connection.encoder().answeringHead(head);
    return client.writeAndFlush(own.response());
  }

  /** Cuts both connections: the client sees an incomplete answer, the upstream a hang-up. */
  private void abortBoth(Outcome outcome, String why) {
    closeUpstream();
    client.flush(); // what arrived before the break still reaches the client
    client.close();
    finish(outcome, why, false);
  }

  private void closeUpstream() {
    UpstreamConnection c = upstream;
    upstream = null;
    if (c != null) {
      c.close();
    }
  }

  private void finish(Outcome outcome, String error, boolean keepAlive) {
    if (ended) {
      return;
    }
    ended = true;
    request.release();
    Exchange exchange = tally.toExchange(outcome, error, System.nanoTime());
    core.inFlight.remove(tally.id());
    safely(() -> core.listener.finished(exchange));
    connection.ended(this, keepAlive);
  }

  // ---- InFlightExchange -----------------------------------------------------------------------

  @Override
  public void cancel() {
    cancel("cancelled in TokenTap");
  }

  /** Ends the exchange from any thread: both connections are cut, it is recorded as aborted. */
  void cancel(String reason) {
    loop.execute(
        () -> {
          if (!ended) {
            abortBoth(Outcome.CLIENT_ABORTED, reason);
          }
        });
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
  public dev.tokentap.model.PromptProgress promptProgress() {
    return tally.promptProgress();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The bytes in this loop's scratch array, for the tally (the meter reads arrays). */
  private static byte[] copied(ByteBuf bytes) {
    byte[] scratch = SCRATCH.get();
    bytes.getBytes(bytes.readerIndex(), scratch, 0, bytes.readableBytes());
    return scratch;
  }

  private static String addressOf(Channel ch) {
    if (ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
    return null;
  }

  private static String describe(Throwable e) {
    if (e instanceof io.netty.handler.codec.DecoderException && e.getCause() != null) {
      e = e.getCause(); // a TLS failure comes wrapped by the handler that read it
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS failed: " + e.getMessage();
    }
    String m = e.getMessage();
    return switch (e) {
      case io.netty.channel.ConnectTimeoutException t -> "no connection in time";
      case ConnectException c -> "connection refused";
      case java.net.UnknownHostException u -> "unknown host " + m;
      default -> m == null ? e.getClass().getSimpleName() : m;
    };
  }

  private static void safely(Runnable r) {
    ExchangeTally.safely(r);
  }
}
