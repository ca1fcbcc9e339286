package dev.tokentap.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts TokenTap in this JVM the way the command line does, on a free loopback port. */
final class HeadlessTokenTap {
  private HeadlessTokenTap() {}

  static TokenTap start(Path dataDir, String upstreamUrl, PrintStream out, String... more)
      throws Exception {
    return start(dataDir, upstreamUrl, out, out, more);
  }

  /** As {@link #start(Path, String, PrintStream, String...)}, stdout and stderr apart. */
  static TokenTap start(
      Path dataDir, String upstreamUrl, PrintStream out, PrintStream err, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--headless"));
    args.addAll(List.of(more));
    TokenTap app =
        new TokenTap(options(dataDir, upstreamUrl, args.toArray(String[]::new)), out, err);
    app.start();
    return app;
  }

  /**
   * The command line of a test run: a free loopback port, {@code upstreamUrl}, {@code dataDir},
   * then {@code more} (which may override any of them).
   */
  static Options options(Path dataDir, String upstreamUrl, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--listen",
                "127.0.0.1:0",
                "--upstream",
                upstreamUrl,
                "--data-dir",
                dataDir.toString()));
    args.addAll(List.of(more));
    return Cli.options(args.toArray(String[]::new), Map.of());
  }
}
