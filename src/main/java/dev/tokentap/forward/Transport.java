package dev.tokentap.forward;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Which of Netty's transports the forwarder uses: the native epoll one on Linux where its library
 * loads, the JDK's NIO everywhere else. Both sides of the proxy share one event loop group.
 */
record Transport(
    String name,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel) {

  /** The best transport this machine has. */
  static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return new Transport(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** {@code threads} event loops: each client connection and its upstream connection share one. */
  EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory("tokentap-forward", true), ioHandlers);
  }
}
