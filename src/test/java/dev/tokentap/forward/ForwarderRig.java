package dev.tokentap.forward;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A forwarder between a raw client and a {@link ScriptedUpstream}, through its public contract
 * only: settings, listener, start, stop. Collects every finished {@link Exchange}.
 */
final class ForwarderRig implements AutoCloseable {

  final ScriptedUpstream upstream;
  final Forwarder forwarder;
  private final BlockingQueue<Exchange> finished = new LinkedBlockingQueue<>();

  private ForwarderRig(ScriptedUpstream upstream, ForwarderSettings settings) throws IOException {
    this.upstream = upstream;
    ExchangeListener listener =
        new ExchangeListener() {
          @Override
          public void finished(Exchange exchange) {
            finished.add(exchange);
          }
        };
    AtomicLong ids = new AtomicLong();
    forwarder = new Forwarder(settings, ExchangeMeter.Factory.NONE, listener, ids::incrementAndGet);
    forwarder.start();
  }

  /**
   * Forwards to {@code upstream} with 2 s to connect and 10 s of silence allowed, on one event loop
   * (idle upstream connections are kept per loop: one loop makes their reuse across client
   * connections certain).
   */
  static ForwarderRig start(ScriptedUpstream upstream) throws IOException {
    return start(upstream, upstream.url(), s -> s);
  }

  static ForwarderRig start(
      ScriptedUpstream upstream, URI upstreamUrl, UnaryOperator<ForwarderSettings> tune)
      throws IOException {
    ForwarderSettings settings =
        ForwarderSettings.of(new InetSocketAddress("127.0.0.1", 0), upstreamUrl)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
            .withEventLoops(1);
    return new ForwarderRig(upstream, tune.apply(settings));
  }

  int port() {
    return forwarder.address().getPort();
  }

  /** The Host header value a client of the forwarder sends. */
  String hostPort() {
    return "127.0.0.1:" + port();
  }

  WireClient client() throws IOException {
    return new WireClient(port());
  }

  /** The next exchange handed to the listener, waiting up to 10 s. */
  Exchange nextExchange() throws InterruptedException {
    Exchange e = finished.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no exchange finished within 10 s");
    }
    return e;
  }

  /** The next exchange if one finishes within {@code atMost}, else null. */
  Exchange pollExchange(Duration atMost) throws InterruptedException {
    return finished.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    try {
      forwarder.stop(Duration.ZERO);
    } finally {
      upstream.close();
    }
  }

  /**
   * A connection that answers each request it reads with the next of {@code answers}, then keeps
   * the connection open until the other side closes it.
   */
  static ScriptedUpstream.Script answering(String... answers) {
    return (s, in, out) -> {
      for (String answer : answers) {
        if (s.readMessage(in) == null) {
          return;
        }
        ScriptedUpstream.write(out, answer);
      }
      drain(in);
    };
  }

  /** Reads until the other side closes, without recording it as a hang-up. */
  static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }
}
