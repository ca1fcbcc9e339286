package dev.tokentap.forward;

import dev.tokentap.model.Outcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;

/**
 * One exchange, from its request head to the last byte of its answer, as a state machine on the
 * client connection's event loop (its upstream connection lives on the same loop, so nothing here
 * is shared across threads but what its {@link ExchangeRecording} lets others read). Each piece of
 * either body is written and flushed the moment it arrives, then teed to the recording (the
 * answer's pieces by the {@link ClientAnswer}); a side that cannot take more stops reading the
 * other.
 */
final class ExchangeRun {

  private static final System.Logger LOG = System.getLogger(ExchangeRun.class.getName());

  private final ForwarderCore core;
  private final ClientConnection connection;
  private final Channel client;
  private final EventLoop loop;
  private final UpstreamTarget target;
  private final HttpRequest upstreamRequest;
  private final RequestParts request = new RequestParts(ForwarderCore.RETRY_HOLD_LIMIT);
  private final ExchangeRecording recording;
  private final ClientAnswer answer;

  private UpstreamConnection upstream;
  private boolean upstreamReused;
  private boolean retried;
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
    this.recording = new ExchangeRecording(core, this, request, originForm, client, target);
    String host = target.address().hostHeader();
    HttpHeaders headers = HopByHopHeaders.strip(request.headers(), new AsciiString(host));
    if (!headers.contains("Host")) {
      headers.add("Host", host); // HTTP/1.1 requires one
    }
    this.upstreamRequest =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1, request.method(), target.target(originForm), headers);
    this.answer = new ClientAnswer(this, connection, request, this.request, recording);
  }

  // ---- the client's side ----------------------------------------------------------------------

  /** The request head arrived: the exchange is in flight, its upstream connection is sought. */
  void start() {
    recording.started();
    UpstreamConnection pooled = core.pool.take(loop, target.address());
    if (pooled != null) {
      attach(pooled, true);
    } else {
      connectFresh();
    }
  }

  /** Refuses the request without sending it anywhere; the connection closes after the answer. */
  void reject(Rejection rejection) {
    recording.started();
    answer.reject(rejection);
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
    byte[] scratch = ExchangeRecording.copied(piece.content());
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
    recording.request(scratch, n);
    if (unavailable != null && piece instanceof LastHttpContent) {
      answer.unavailable(unavailable);
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
            : answer.started() ? "during the answer" : "before the answer";
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
      ReferenceCountUtil.release(msg);
      return;
    }
    answer.relay(c, msg);
  }

  /** The answer's last piece is on its way: the upstream connection is let go. */
  void upstreamDone(boolean reusable) {
    upstream.release(reusable);
    upstream = null;
  }

  /** The upstream connection closed. Before any answer on a pooled one: once more, fresh. */
  void upstreamClosed(UpstreamConnection c) {
    if (c != upstream || ended) {
      return;
    }
    upstream = null;
    if (!answer.started()) {
      if (upstreamReused && !retried && request.canResend()) {
        retried = true;
        connectFresh();
        return;
      }
      upstreamUnavailable(
          upstreamError != null
              ? describe(upstreamError)
              : "the connection closed before an answer");
    } else if (!answer.done()) {
      abortBoth(Outcome.UPSTREAM_ABORTED, "upstream broke off the answer: connection closed");
    }
  }

  void upstreamFailed(UpstreamConnection c, Throwable cause) {
    if (c == upstream && !ended) {
      LOG.log(System.Logger.Level.DEBUG, "upstream of exchange " + recording.id() + ": " + cause);
      upstreamError = cause; // the close that follows decides (upstreamClosed) and tells it
    }
  }

  /** The read timeout passed without a byte from the upstream. */
  void upstreamSilent(UpstreamConnection c) {
    if (c != upstream || ended || !request.complete()) {
      return;
    }
    if (!answer.started()) {
      upstreamUnavailable("no answer in time");
    } else {
      abortBoth(Outcome.UPSTREAM_ABORTED, "upstream went silent during the answer");
    }
  }

  // ---- endings --------------------------------------------------------------------------------

  /** The model server cannot be reached (or its answer cannot be read): TokenTap answers 502. */
  void upstreamUnavailable(String why) {
    closeUpstream();
    // the address dialled, not the URL: a URL's user info (a password) must not reach the client,
    // the log or the record
    unavailable = "TokenTap could not reach the model server at " + target.address() + ": " + why;
    request.release();
    if (request.complete()) {
      answer.unavailable(unavailable);
    } else {
      connection.resumeReading(); // the rest of the body is read for the record, then answered
    }
  }

  /** Cuts both connections: the client sees an incomplete answer, the upstream a hang-up. */
  void abortBoth(Outcome outcome, String why) {
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

  /** The exchange is over: recorded, and the client's connection serves the next one or closes. */
  void finish(Outcome outcome, String error, boolean keepAlive) {
    if (ended) {
      return;
    }
    ended = true;
    request.release();
    recording.finished(outcome, error);
    connection.ended(this, keepAlive);
  }

  // ---- cancelling -----------------------------------------------------------------------------

  /** Ends the exchange from any thread: both connections are cut, it is recorded as aborted. */
  void cancel(String reason) {
    loop.execute(
        () -> {
          if (!ended) {
            abortBoth(Outcome.CLIENT_ABORTED, reason);
          }
        });
  }

  /** Why a connection or a message failed, as the 502 and the record say it. */
  static String describe(Throwable e) {
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
}
