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
    List<String> args =
        new ArrayList<>(
            List.of(
                "--headless",
                "--listen",
                "127.0.0.1:0",
                "--upstream",
                upstreamUrl,
                "--data-dir",
                dataDir.toString()));
    args.addAll(List.of(more));
    Options options = CommandLine.parse(args.toArray(String[]::new), Map.of());
    TokenTap app = new TokenTap(options, out, out);
    app.start();
    return app;
  }
}
