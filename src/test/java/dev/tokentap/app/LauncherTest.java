package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers: usage, version, and one clear line when TokenTap cannot start. */
class LauncherTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Launcher.run(
        args,
        Map.of("HOME", dir.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownOrMalformedFlagsGiveTheUsageAndExitCode2() {
    for (String[] args :
        new String[][] {
          {"--bogus"},
          {"--listen"},
          {"--listen", "8081"},
          {"--listen", "127.0.0.1:99999"},
          {"--upstream", "ftp://x"},
          {"--upstream", "not a url"},
          {"--capture-cap", "lots"},
          {"--headless=yes"},
          {"stray"}
        }) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err()).startsWith("tokentap: ").contains("Usage: java -jar tokentap.jar");
    }
  }

  /** A refused upstream URL is quoted in the usage error, its password not. */
  @Test
  void aRefusedUpstreamUrlIsQuotedWithoutItsPassword() {
    for (String url :
        new String[] {
          "http://user:PASSWORD@host/?x=1", "ftp://user:PASSWORD@host/", "http://u:PASSWORD@h/#f"
        }) {
      err.reset();
      assertThat(run("--upstream", url)).isEqualTo(2);
      assertThat(err()).contains("[REDACTED]@").doesNotContain("PASSWORD");
    }
  }

  @Test
  void helpAndVersionExitCleanly() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--upstream URL");
    out.reset();
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("TokenTap ")
        .contains("Java " + Runtime.version().feature())
        .containsPattern("\nJavaFX 2[5-9]\\.");
  }

  @Test
  void aTakenPortIsOneClearLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code =
          run(
              "--headless",
              "--listen",
              "127.0.0.1:" + taken.getLocalPort(),
              "--data-dir",
              dir.resolve("data").toString());
      assertThat(code).isEqualTo(1);
    }
    assertThat(err().lines().filter(l -> l.startsWith("tokentap: cannot listen")))
        .singleElement()
        .asString()
        .contains("--listen");
    assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anUnusableDataDirIsOneClearLineAndExitCode1() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    int code =
        run("--headless", "--listen", "127.0.0.1:0", "--data-dir", file.resolve("sub").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("data dir").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void theJarsEntryPointReadsJavaVersions() {
    assertThat(JavaVersionCheck.feature("1.8")).isEqualTo(8);
    assertThat(JavaVersionCheck.feature("17")).isEqualTo(17);
    assertThat(JavaVersionCheck.feature("25")).isEqualTo(25);
    assertThat(JavaVersionCheck.feature("26.0.1")).isEqualTo(26);
    assertThat(JavaVersionCheck.feature("garbage")).isZero();
  }

  @Test
  void theDefaultDataDirFollowsXdg() throws Exception {
    assertThat(CommandLine.defaultDataDir(Map.of("XDG_DATA_HOME", "/x/data", "HOME", "/home/u")))
        .isEqualTo(Path.of("/x/data/tokentap"));
    assertThat(CommandLine.defaultDataDir(Map.of("HOME", "/home/u")))
        .isEqualTo(Path.of("/home/u/.local/share/tokentap"));
  }
}
