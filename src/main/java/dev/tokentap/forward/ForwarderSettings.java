package dev.tokentap.forward;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the forwarder listens and where it forwards to.
 *
 * @param listen the address clients connect to (127.0.0.1 unless the user asks otherwise)
 * @param upstream the model server's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param captureCap bytes of each body kept for the capture; 0 keeps none
 * @param connectTimeout how long to wait for a TCP connection to the upstream
 * @param readTimeout how long the upstream may stay silent (before its headers or between two reads
 *     of the body); a non-streamed generation sends its headers only when it is done
 * @param eventLoops how many event-loop threads carry the bytes; idle upstream connections are kept
 *     per loop, so with more than one a new client connection may open a new upstream connection
 *     although another loop has an idle one
 */
public record ForwarderSettings(
    InetSocketAddress listen,
    URI upstream,
    int captureCap,
    Duration connectTimeout,
    Duration readTimeout,
    int eventLoops) {

  public static final int DEFAULT_CAPTURE_CAP = 16 * 1024 * 1024;

  public ForwarderSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(upstream, "upstream");
    if (captureCap < 0) {
      throw new IllegalArgumentException("captureCap < 0");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops < 1");
    }
  }

  /**
   * Defaults: 16 MiB capture cap, 5 s to connect, 10 min of upstream silence, one event loop per
   * core.
   */
  public static ForwarderSettings of(InetSocketAddress listen, URI upstream) {
    return new ForwarderSettings(
        listen,
        upstream,
        DEFAULT_CAPTURE_CAP,
        Duration.ofSeconds(5),
        Duration.ofMinutes(10),
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public ForwarderSettings withCaptureCap(int cap) {
    return new ForwarderSettings(listen, upstream, cap, connectTimeout, readTimeout, eventLoops);
  }

  public ForwarderSettings withTimeouts(Duration connect, Duration read) {
    return new ForwarderSettings(listen, upstream, captureCap, connect, read, eventLoops);
  }

  public ForwarderSettings withEventLoops(int loops) {
    return new ForwarderSettings(listen, upstream, captureCap, connectTimeout, readTimeout, loops);
  }
}
