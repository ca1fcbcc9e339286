package dev.tokentap.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Keep-alive connections to the upstream, idle ones kept per event loop and address so that an
 * exchange only ever uses a connection of its own loop. An idle connection that the server closes
 * leaves the pool the moment the close arrives ({@link UpstreamConnection#channelInactive}), so a
 * closed one is never handed out; the race of a close crossing a new request on the wire is left to
 * the exchange's one retry.
 */
final class UpstreamPool {

  /** Idle connections kept per loop and address; more are closed. */
  static final int MAX_IDLE = 64;

  private final Transport transport;
  private final ForwarderSettings settings;
  private final Map<EventLoop, Map<UpstreamAddress, ArrayDeque<UpstreamConnection>>> idle =
      new ConcurrentHashMap<>();
  private volatile SslContext tls;

  UpstreamPool(Transport transport, ForwarderSettings settings) {
    this.transport = transport;
    this.settings = settings;
  }

  /** An open idle connection to {@code address} on {@code loop}, most recently used first. */
  UpstreamConnection take(EventLoop loop, UpstreamAddress address) {
    ArrayDeque<UpstreamConnection> queue = idleOn(loop).get(address);
    while (queue != null && !queue.isEmpty()) {
      UpstreamConnection c = queue.pollLast();
      if (c.channel().isActive()) {
        return c;
      }
    }
    return null;
  }

  /** Takes back a connection whose exchange ended cleanly; called on its loop. */
  void give(UpstreamConnection c) {
    if (!c.channel().isActive()) {
      return;
    }
    ArrayDeque<UpstreamConnection> queue =
        idleOn(c.channel().eventLoop()).computeIfAbsent(c.address(), a -> new ArrayDeque<>());
    if (queue.size() >= MAX_IDLE) {
      c.channel().close();
      return;
    }
    queue.addLast(c);
  }

  /** Drops an idle connection that closed; called on its loop. */
  void forget(UpstreamConnection c) {
    ArrayDeque<UpstreamConnection> queue = idleOn(c.channel().eventLoop()).get(c.address());
    if (queue != null) {
      queue.remove(c);
    }
  }

  /** Opens a new connection on {@code loop}; its pipeline ends in an {@link UpstreamConnection}. */
  ChannelFuture connect(EventLoop loop, UpstreamAddress address) {
    SslContext ssl = address.https() ? tls() : null;
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline()
                          .addLast(ssl.newHandler(ch.alloc(), address.hostName(), address.port()));
                    }
                    ch.pipeline()
                        .addLast(
                            new HttpClientCodec(HttpLimits.decoderConfig(), false, false),
                            new IdleStateHandler(
                                settings.readTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                            new UpstreamConnection(address, UpstreamPool.this));
                  }
                });
    return b.connect(address.hostName(), address.port());
  }

  private Map<UpstreamAddress, ArrayDeque<UpstreamConnection>> idleOn(EventLoop loop) {
    return idle.computeIfAbsent(loop, l -> new HashMap<>());
  }

  private SslContext tls() {
    SslContext t = tls;
    if (t == null) {
      try {
        // host name verification is on by default for client contexts (Netty 4.2)
        t = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
      } catch (SSLException e) {
        throw new IllegalStateException("no TLS for https upstreams: " + e.getMessage(), e);
      }
      tls = t;
    }
    return t;
  }
}
