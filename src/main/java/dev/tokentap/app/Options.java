package dev.tokentap.app;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * What the command line asked for.
 *
 * @param captureCap bytes of each body kept in a capture
 * @param capture false with {@code --no-capture}: metrics only
 * @param retention {@code --keep-*} flags (unset ones come from the config file)
 */
record Options(
    boolean headless,
    InetSocketAddress listen,
    URI upstream,
    Path dataDir,
    boolean capture,
    int captureCap,
    boolean help,
    boolean version,
    RetentionConfig retention)
    implements Command {

  Options withListen(InetSocketAddress a) {
    return new Options(
        headless, a, upstream, dataDir, capture, captureCap, help, version, retention);
  }

  Options withUpstream(URI u) {
    return new Options(headless, listen, u, dataDir, capture, captureCap, help, version, retention);
  }

  Options withCapture(boolean on) {
    return new Options(
        headless, listen, upstream, dataDir, on, captureCap, help, version, retention);
  }

  Options withCaptureCap(int bytes) {
    return new Options(
        headless, listen, upstream, dataDir, capture, bytes, help, version, retention);
  }

  Options withRetention(RetentionConfig r) {
    return new Options(headless, listen, upstream, dataDir, capture, captureCap, help, version, r);
  }
}
