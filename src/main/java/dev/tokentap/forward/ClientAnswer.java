package dev.tokentap.forward;

import dev.tokentap.model.Outcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.util.ReferenceCountUtil;

/**
 * The answer one client gets to one request: the model server's, relayed piece by piece in the
 * framing the client can read and teed to the recording, or TokenTap's own (a refusal, a 502). Its
 * {@link ExchangeRun} decides how the exchange ends; this tells it when the answer ends or breaks.
 * Event loop only.
 */
final class ClientAnswer {

  private final ExchangeRun run;
  private final ClientConnection connection;
  private final Channel client;
  private final RequestParts request;
  private final ExchangeRecording recording;
  private final boolean head;
  private final boolean clientKeepAlive;
  private final boolean clientHttp10;

  private boolean started;
  private boolean interim;
  private boolean done;
  private boolean upstreamFramed;
  private boolean clientFramed;
  private boolean upstreamSaysClose;

  ClientAnswer(
      ExchangeRun run,
      ClientConnection connection,
      HttpRequest clientRequest,
      RequestParts request,
      ExchangeRecording recording) {
    this.run = run;
    this.connection = connection;
    this.client = connection.channel();
    this.request = request;
    this.recording = recording;
    this.head = clientRequest.method().equals(HttpMethod.HEAD);
    this.clientKeepAlive = HttpUtil.isKeepAlive(clientRequest);
    this.clientHttp10 = clientRequest.protocolVersion().equals(HttpVersion.HTTP_1_0);
  }

  /** Whether the upstream's answer has begun (its status line arrived). */
  boolean started() {
    return started;
  }

  /** Whether the upstream's answer has arrived to its end. */
  boolean done() {
    return done;
  }

  /** What the upstream connection {@code c}, the exchange's own, sent. */
  void relay(UpstreamConnection c, HttpObject msg) {
    if (msg instanceof HttpResponse response && !head(response)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpContent piece) {
      piece(c, piece);
    }
  }

  /** The upstream's status line and headers; false when the exchange ended on them. */
  private boolean head(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      String why =
          "the model server sent a malformed answer: "
              + ExchangeRun.describe(response.decoderResult().cause());
      if (started) {
        run.abortBoth(Outcome.UPSTREAM_ABORTED, why);
      } else {
        run.upstreamUnavailable(why);
      }
      return false;
    }
    started = true;
    request.stopHolding();
    HttpResponseStatus s = response.status();
    if (s.codeClass() == HttpStatusClass.INFORMATIONAL && s.code() != 101) {
      interim = true; // 100 Continue, 103 Early Hints: on to the client, the answer follows
      client.writeAndFlush(
          new DefaultHttpResponse(
              HttpVersion.HTTP_1_1, s, HopByHopHeaders.strip(response.headers(), null)));
      return true;
    }
    recording.responseHead(s.code(), response.headers(), System.nanoTime());
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

  private void piece(UpstreamConnection upstream, HttpContent piece) {
    boolean last = piece instanceof LastHttpContent;
    if (interim) {
      client.write(piece); // the interim answer's empty end, for the encoder's state
      interim = !last;
      return;
    }
    if (piece.decoderResult().isFailure()) {
      piece.release();
      run.abortBoth(
          Outcome.UPSTREAM_ABORTED,
          "upstream broke off the answer: " + ExchangeRun.describe(piece.decoderResult().cause()));
      return;
    }
    int n = piece.content().readableBytes();
    byte[] scratch = ExchangeRecording.copied(piece.content());
    long now = System.nanoTime();
    // Flushed when this read from the upstream is done (one flush for a head and the pieces that
    // came with it); the last piece at once, since the connection may go back to the pool.
    ChannelFuture written = last ? client.writeAndFlush(piece) : client.write(piece);
    recording.response(scratch, n, now);
    if (!last) {
      if (!client.isWritable()) {
        upstream.channel().config().setAutoRead(false);
      }
      return;
    }
    done = true;
    boolean upstreamReusable =
        request.complete() && upstream.channel().isActive() && upstreamFramed && !upstreamSaysClose;
    run.upstreamDone(upstreamReusable);
    boolean keepAlive = clientKeepAlive && clientFramed && request.complete() && !clientHttp10;
    int status = recording.status();
    Outcome outcome = status >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.OK;
    String error = status >= 400 ? "upstream answered " + status : null;
    written.addListener(
        f -> {
          if (f.isSuccess()) {
            run.finish(outcome, error, keepAlive);
          } else {
            run.finish(Outcome.CLIENT_ABORTED, "client hung up during the answer", false);
          }
        });
  }

  /** Refuses the request; the connection closes after the answer. */
  void reject(Rejection rejection) {
    own(OwnAnswer.rejection(rejection))
        .addListener(f -> run.finish(Outcome.REJECTED, "rejected: " + rejection.reason(), false));
  }

  /** Answers {@code 502 upstream_unavailable} with {@code message}. */
  void unavailable(String message) {
    own(OwnAnswer.unavailable(message, clientKeepAlive))
        .addListener(
            f ->
                run.finish(
                    Outcome.UPSTREAM_UNAVAILABLE, message, clientKeepAlive && !clientHttp10));
  }

  private ChannelFuture own(OwnAnswer answer) {
    recording.ownAnswer(answer);
    connection.encoder().answeringHead(head);
    return client.writeAndFlush(answer.response());
  }
}
