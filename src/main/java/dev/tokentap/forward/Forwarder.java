package dev.tokentap.forward;

import dev.tokentap.model.ExchangeMeter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The local HTTP forwarder: accepts clients on the listen address and passes every request to the
 * upstream model server, on Netty's event loops (decision 0014). Each client connection and the
 * upstream connection its exchange uses share one loop; nothing on a loop waits for anything but
 * the two sockets: metrics, capture and listeners run on the side, and must return at once.
 */
public final class Forwarder implements AutoCloseable {

  private final ForwarderSettings settings;
  private final ForwarderCore core;
  private final Transport transport = Transport.best();
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private EventLoopGroup group;
  private Channel server;

  /**
   * @param ids gives each exchange its id; must increase and never repeat across restarts
   */
  public Forwarder(
      ForwarderSettings settings,
      ExchangeMeter.Factory meters,
      ExchangeListener listener,
      LongSupplier ids) {
    this.settings = settings;
    this.core =
        new ForwarderCore(settings, new UpstreamPool(transport, settings), meters, listener, ids);
  }

  /**
   * Binds the listen address and starts accepting.
   *
   * @throws IOException when the address cannot be bound (port taken, no such address)
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    EventLoopGroup g = transport.newGroup(settings.eventLoops());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(g)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    clients.add(ch);
                    ClientResponseEncoder encoder = new ClientResponseEncoder();
                    ch.pipeline()
                        .addLast(
                            new HttpRequestDecoder(HttpLimits.decoderConfig()),
                            encoder,
                            new ClientConnection(core, encoder));
                  }
                });
    try {
      server = b.bind(settings.listen()).sync().channel();
      group = g;
    } catch (Exception e) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw bindFailure(e);
    }
  }

  /**
   * The native transport reports a taken port as a plain {@link IOException} ("bind(..) failed with
   * error(-98): Address already in use"); callers tell it apart as a {@link BindException}, as the
   * JDK's own sockets throw it.
   */
  private IOException bindFailure(Exception e) {
    if (e instanceof BindException b) {
      return b;
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Address already in use") || m.contains("Cannot assign requested address")) {
      BindException b = new BindException(m.substring(m.indexOf(':') + 1).trim());
      b.initCause(e);
      return b;
    }
    return e instanceof IOException io ? io : new IOException(m, e);
  }

  /** The address actually bound (useful with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Which Netty transport carries the bytes: {@code epoll} or {@code nio}. */
  public String transport() {
    return transport.name();
  }

  public URI upstream() {
    return core.target.url();
  }

  /** Sends requests that arrive from now on to {@code newUpstream}; running ones carry on. */
  public void setUpstream(URI newUpstream) {
    core.target = UpstreamTarget.of(newUpstream);
  }

  /** The exchanges running now, oldest first. */
  public List<InFlightExchange> inFlight() {
    return core.inFlight.values().stream()
        .sorted(Comparator.comparingLong(ExchangeRecording::id))
        .map(InFlightExchange.class::cast)
        .toList();
  }

  /** Cancels one running exchange; false when it is not (or no longer) running. */
  public boolean cancel(long id) {
    ExchangeRecording running = core.inFlight.get(id);
    if (running == null) {
      return false;
    }
    running.cancel();
    return true;
  }

  /**
   * Stops accepting, lets running exchanges finish for up to {@code grace}, then cuts the rest
   * (they are recorded as aborted) and waits briefly until each has been handed to the listener.
   */
  public synchronized void stop(Duration grace) {
    if (server == null) {
      return;
    }
    server.close().syncUninterruptibly();
    server = null;
    awaitNoneInFlight(grace);
    for (ExchangeRecording running : core.inFlight.values()) {
      running.cancel("TokenTap shut down before the answer was complete");
    }
    awaitNoneInFlight(Duration.ofSeconds(2));
    clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    group = null;
  }

  private void awaitNoneInFlight(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!core.inFlight.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
