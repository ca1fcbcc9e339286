package dev.tokentap.forward;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of one upstream connection's pipeline: hands what the upstream sends to the
 * exchange that uses the connection now, or, while it idles in the pool, watches for its close.
 * Runs on the connection's event loop, which is also its exchange's client loop.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

  private final UpstreamAddress address;
  private final UpstreamPool pool;
  private Channel channel;
  private ExchangeRun run;

  UpstreamConnection(UpstreamAddress address, UpstreamPool pool) {
    this.address = address;
    this.pool = pool;
  }

  UpstreamAddress address() {
    return address;
  }

  Channel channel() {
    return channel;
  }

  /** Gives the connection to {@code exchange} until {@link #release}. */
  void bind(ExchangeRun exchange) {
    this.run = exchange;
  }

  /** Back to the pool, when the exchange ended cleanly and the connection may be used again. */
  void release(boolean reusable) {
    run = null;
    if (reusable && channel.isActive()) {
      channel.config().setAutoRead(true);
      pool.give(this);
    } else {
      channel.close();
    }
  }

  /** Closed for good: the exchange is over with it. */
  void close() {
    run = null;
    channel.close();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ExchangeRun r = run;
    if (r == null) {
      // An idle connection has nothing to say: whatever it sends, it cannot be trusted again.
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    r.upstreamRead(this, (HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ExchangeRun r = run;
    if (r != null) {
      r.upstreamReadComplete(this);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ExchangeRun r = run;
    if (r == null) {
      pool.forget(this);
    } else {
      r.upstreamClosed(this);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ExchangeRun r = run;
    if (r != null) {
      r.upstreamWritabilityChanged(this);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess() && run != null) {
      run.upstreamFailed(this, tls.cause()); // the close that follows tells the client why
      return;
    }
    if (!(event instanceof IdleStateEvent)) {
      ctx.fireUserEventTriggered(event);
      return;
    }
    ExchangeRun r = run;
    if (r == null) {
      ctx.close(); // idle in the pool for the whole read timeout
    } else {
      r.upstreamSilent(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ExchangeRun r = run;
    if (r != null) {
      r.upstreamFailed(this, cause);
    }
    ctx.close();
  }
}
