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
 */
public record ForwarderSettings(
    InetSocketAddress listen,
    URI upstream,
    int captureCap,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final int DEFAULT_CAPTURE_CAP = 16 * 1024 * 1024;

  public ForwarderSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(upstream, "upstream");
    if (captureCap < 0) {
      throw new IllegalArgumentException("captureCap < 0");
    }
  }

  /** Defaults: 16 MiB capture cap, 5 s to connect, 10 min of upstream silence. */
  public static ForwarderSettings of(InetSocketAddress listen, URI upstream) {
    return new ForwarderSettings(
        listen, upstream, DEFAULT_CAPTURE_CAP, Duration.ofSeconds(5), Duration.ofMinutes(10));
  }

  public ForwarderSettings withCaptureCap(int cap) {
    return new ForwarderSettings(listen, upstream, cap, connectTimeout, readTimeout);
  }

  public ForwarderSettings withTimeouts(Duration connect, Duration read) {
    return new ForwarderSettings(listen, upstream, captureCap, connect, read);
  }
}
