package dev.tokentap.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The last handler of one client connection's pipeline: starts an {@link ExchangeRun} for each
 * request and hands it the request's body. One exchange at a time: a request that arrives before
 * the previous answer is done (pipelining) waits here, and the connection stops reading meanwhile.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

  private final ForwarderCore core;
  private final ClientResponseEncoder encoder;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private Channel channel;
  private ExchangeRun current;
  private boolean ignoringBody;

  ClientConnection(ForwarderCore core, ClientResponseEncoder encoder) {
    this.core = core;
    this.encoder = encoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    boolean busy = current != null && current.requestComplete();
    if (busy || !waiting.isEmpty()) {
      waiting.add(msg);
      channel.config().setAutoRead(false);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest request) {
      ignoringBody = false;
      Rejection rejection = Rejection.of(request);
      ExchangeRun run = new ExchangeRun(core, this, request);
      if (rejection != null) {
        ignoringBody = true;
        run.reject(rejection);
      } else {
        current = run;
        run.start();
      }
    }
    if (msg instanceof HttpContent content) {
      ExchangeRun run = current;
      if (run == null || ignoringBody) {
        content.release();
      } else {
        run.clientContent(content);
      }
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  Channel channel() {
    return channel;
  }

  ClientResponseEncoder encoder() {
    return encoder;
  }

  /**
   * {@code run} is over; the connection serves the next request, or closes when it cannot (the
   * client asked to, the answer ran until close, the request body was not read to its end).
   */
  void ended(ExchangeRun run, boolean keepAlive) {
    if (run == current) {
      current = null;
    }
    if (!keepAlive) {
      releaseWaiting();
      channel.close();
      return;
    }
    while (!waiting.isEmpty() && (current == null || !current.requestComplete())) {
      dispatch(waiting.poll());
    }
    resumeReading();
  }

  /** Reads from the client again, unless a pipelined request waits. */
  void resumeReading() {
    if (waiting.isEmpty() && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ExchangeRun run = current;
    if (run != null) {
      run.clientReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseWaiting();
    ExchangeRun run = current;
    if (run != null) {
      run.clientClosed();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ExchangeRun run = current;
    if (run != null && channel.isWritable()) {
      run.clientWritable();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or a broken pipe: channelInactive tells the exchange
  }

  private void releaseWaiting() {
    Object m;
    while ((m = waiting.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
  }
}
