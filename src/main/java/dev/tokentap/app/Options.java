package dev.tokentap.app;

import dev.tokentap.fleet.OtlpSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the command line asked for.
 *
 * @param captureCap bytes of each body kept in a capture
 * @param capture false with {@code --no-capture}: metrics only
 * @param retention {@code --keep-*} flags (unset ones come from the config file)
 * @param demo {@code --demo}: a simulated server and traffic, history in a temporary data dir
 * @param metricsListen {@code --metrics-listen}: where {@code /metrics} is served; null: nowhere
 * @param otlp {@code --otlp URL} and {@code --otlp-content}: spans to a collector; null when off
 * @param given the names of the options on the command line ({@code --listen}, ...): the config
 *     file gives the others ({@link Config#over})
 */
record Options(
    boolean headless,
    InetSocketAddress listen,
    URI upstream,
    Path dataDir,
    boolean capture,
    int captureCap,
    Set<String> given,
    RetentionConfig retention,
    boolean demo,
    InetSocketAddress metricsListen,
    OtlpSettings otlp)
    implements Command {

  Options withListen(InetSocketAddress a) {
    return new Options(
        headless,
        a,
        upstream,
        dataDir,
        capture,
        captureCap,
        given,
        retention,
        demo,
        metricsListen,
        otlp);
  }

  Options withUpstream(URI u) {
    return new Options(
        headless,
        listen,
        u,
        dataDir,
        capture,
        captureCap,
        given,
        retention,
        demo,
        metricsListen,
        otlp);
  }

  Options withCapture(boolean on) {
    return new Options(
        headless,
        listen,
        upstream,
        dataDir,
        on,
        captureCap,
        given,
        retention,
        demo,
        metricsListen,
        otlp);
  }

  Options withCaptureCap(int bytes) {
    return new Options(
        headless,
        listen,
        upstream,
        dataDir,
        capture,
        bytes,
        given,
        retention,
        demo,
        metricsListen,
        otlp);
  }

  Options withRetention(RetentionConfig r) {
    return new Options(
        headless,
        listen,
        upstream,
        dataDir,
        capture,
        captureCap,
        given,
        r,
        demo,
        metricsListen,
        otlp);
  }

  Options withMetricsListen(InetSocketAddress a) {
    return new Options(
        headless, listen, upstream, dataDir, capture, captureCap, given, retention, demo, a, otlp);
  }

  /** The demo's settings: its own data dir and upstream. */
  Options forDemo(Path demoDataDir, URI demoUpstream) {
    return new Options(
        headless,
        listen,
        demoUpstream,
        demoDataDir,
        capture,
        captureCap,
        given,
        retention,
        demo,
        metricsListen,
        otlp);
  }
}
