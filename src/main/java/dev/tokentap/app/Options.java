package dev.tokentap.app;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * What the command line asked for.
 *
 * @param captureCap bytes of each body kept in a capture
 * @param capture false with {@code --no-capture}: metrics only
 */
record Options(
    boolean headless,
    InetSocketAddress listen,
    URI upstream,
    Path dataDir,
    boolean capture,
    int captureCap,
    boolean help,
    boolean version)
    implements Command {

  Options asHeadless() {
    return new Options(true, listen, upstream, dataDir, capture, captureCap, help, version);
  }
}
