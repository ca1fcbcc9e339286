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
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--upstream=URL");
    out.reset();
    assertThat(run("--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("TokenTap ")
        .contains("Java " + Runtime.version().feature())
        .containsPattern("\nJavaFX 2[5-9]\\.");
  }

  @Test
  void eachCommandsHelpGoesToStdoutWithExitCode0() {
    String[][] cases = {
      {"--help", "Usage: java -jar tokentap.jar [options]"},
      {"-h", "Usage: java -jar tokentap.jar [options]"},
      {"export --help", "Export: java -jar tokentap.jar export"},
      {"export -h", "Export: java -jar tokentap.jar export"},
      {"prune --help", "Prune: java -jar tokentap.jar prune"},
      {"prune -h", "Prune: java -jar tokentap.jar prune"},
    };
    for (String[] c : cases) {
      out.reset();
      err.reset();
      assertThat(run(c[0].split(" "))).as(c[0]).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).as(c[0]).startsWith(c[1]);
      assertThat(err()).as(c[0]).isEmpty();
    }
    out.reset();
    run("--help");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("export  Writes the recorded exchanges")
        .contains("prune   Deletes now");
  }

  @Test
  void anUnknownOptionIsExitCode2WithThatCommandsUsage() {
    String[][] cases = {
      {"--bogus", "tokentap: unknown option: --bogus", "Usage: java -jar tokentap.jar"},
      {
        "export --out a.csv --bogus",
        "tokentap: export: unknown option: --bogus",
        "Export: java -jar tokentap.jar export"
      },
      {"prune --bogus", "tokentap: prune: unknown option: --bogus", "Prune: java -jar tokentap.jar"}
    };
    for (String[] c : cases) {
      err.reset();
      assertThat(run(c[0].split(" "))).as(c[0]).isEqualTo(2);
      String nl = System.lineSeparator();
      assertThat(err()).as(c[0]).startsWith(c[1] + nl + nl + c[2]);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
  }

  @Test
  void anOptionsValueReadsTheSameAfterEqualsOrSpace() throws Exception {
    Options spaced = Cli.options(new String[] {"--listen", "127.0.0.1:7001"}, Map.of());
    Options joined = Cli.options(new String[] {"--listen=127.0.0.1:7001"}, Map.of());
    assertThat(joined).isEqualTo(spaced);
    assertThat(joined.listen()).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 7001));
    assertThat(joined.given()).containsExactly("--listen");
    java.time.Instant now = java.time.Instant.parse("2026-11-22T12:00:00Z");
    assertThat(Cli.parse(new String[] {"export", "--out=a.csv", "--since=2h"}, Map.of(), now))
        .isEqualTo(
            Cli.parse(new String[] {"export", "--out", "a.csv", "--since", "2h"}, Map.of(), now));
  }

  @Test
  void switchesTakeNoValueAndValuedOptionsNeedOne() {
    String[][] cases = {
      {"--headless=yes", "tokentap: --headless takes no value"},
      {"--listen", "tokentap: --listen needs a value"},
      {"--listen --headless", "tokentap: --listen needs a value"},
      {"export --out", "tokentap: export: --out needs a value"},
      {"export", "tokentap: export needs --out FILE"},
      {"export --out a.csv --no-bodies=1", "tokentap: export: --no-bodies takes no value"},
      {"prune --keep-age", "tokentap: --keep-age needs a value"},
      {
        "--capture-cap x",
        "tokentap: --capture-cap wants a size such as 512K or 16M (at most 2G), not 'x'"
      }
    };
    for (String[] c : cases) {
      err.reset();
      assertThat(run(c[0].split(" "))).as(c[0]).isEqualTo(2);
      assertThat(err()).as(c[0]).startsWith(c[1] + System.lineSeparator());
    }
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
    assertThat(OptionValues.defaultDataDir(Map.of("XDG_DATA_HOME", "/x/data", "HOME", "/home/u")))
        .isEqualTo(Path.of("/x/data/tokentap"));
    assertThat(OptionValues.defaultDataDir(Map.of("HOME", "/home/u")))
        .isEqualTo(Path.of("/home/u/.local/share/tokentap"));
  }
}
