package dev.tokentap.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.testfx.api.FxToolkit;

/** Starts TokenTap with its window in this JVM (headless Monocle in tests) on a free port. */
final class WindowedTokenTap {
  private WindowedTokenTap() {}

  /** With the config file and window.json under {@code dataDir/xdg-config}, never the real home. */
  static DesktopApp start(Path dataDir, String upstreamUrl, String... more) throws Exception {
    return start(dataDir, testEnv(dataDir), upstreamUrl, more);
  }

  /** An environment whose XDG_CONFIG_HOME is {@code dataDir/xdg-config}. */
  static Map<String, String> testEnv(Path dataDir) {
    return Map.of("XDG_CONFIG_HOME", dataDir.resolve("xdg-config").toString());
  }

  static DesktopApp start(Path dataDir, Map<String, String> env, String upstreamUrl, String... more)
      throws Exception {
    FxToolkit.registerPrimaryStage();
    Options options = HeadlessTokenTap.options(dataDir, upstreamUrl, more);
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return DesktopApp.start(options, env, log, log);
  }
}
