package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokentap.ui.main.ThemeChoice;
import dev.tokentap.ui.main.WindowState;
import dev.tokentap.ui.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json's listen/upstream/capture keys, the Settings dialog's store, and window.json. */
class SettingsFileTest {

  @TempDir Path home;

  private Path configFile() {
    return Config.defaultFile(Map.of("XDG_CONFIG_HOME", home.toString()));
  }

  @Test
  void theConfigFileSetsListenUpstreamAndCapturesAndFlagsOverrideIt() throws Exception {
    Path f = configFile();
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        """
        {"listen":"127.0.0.1:9001","upstream":"http://127.0.0.1:9002",
         "capture":{"enabled":false,"body_cap":"1M"},"retention":{"max_age":"7d"}}""");
    Config c = Config.load(f);
    assertThat(c.warnings()).isEmpty();
    assertThat(c.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9001));
    assertThat(c.upstream()).isEqualTo(URI.create("http://127.0.0.1:9002"));
    assertThat(c.capture()).isFalse();
    assertThat(c.captureCap()).isEqualTo(1 << 20);

    Options none = Cli.options(new String[] {}, Map.of());
    Options fromFile = c.over(none, none.given());
    assertThat(fromFile.listen().getPort()).isEqualTo(9001);
    assertThat(fromFile.upstream().getPort()).isEqualTo(9002);
    assertThat(fromFile.capture()).isFalse();
    assertThat(fromFile.captureCap()).isEqualTo(1 << 20);
    assertThat(fromFile.retention().maxAge()).isEqualTo(Duration.ofDays(7));

    Options flags =
        Cli.options(
            new String[] {
              "--listen=127.0.0.1:7000", "--upstream", "http://h:1", "--capture-cap", "2M"
            },
            Map.of());
    Options o = c.over(flags, flags.given());
    assertThat(o.listen().getPort()).isEqualTo(7000);
    assertThat(o.upstream()).isEqualTo(URI.create("http://h:1"));
    assertThat(o.captureCap()).isEqualTo(2 << 20);
    assertThat(o.capture()).isFalse(); // not on the command line: the file's
  }

  @Test
  void aBadValueInTheConfigFileIsOneLine() throws Exception {
    Path f = home.resolve("c.json");
    Files.writeString(f, "{\"listen\":\"nowhere\"}");
    assertThatThrownBy(() -> Config.load(f))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageStartingWith(f + ": listen");
    Files.writeString(f, "{\"capture\":{\"enabled\":\"yes\"}}");
    assertThatThrownBy(() -> Config.load(f)).hasMessageContaining("capture.enabled");
    Files.writeString(f, "{\"capture\":{\"body_cap\":\"lots\"}}");
    assertThatThrownBy(() -> Config.load(f)).hasMessageContaining("capture.body_cap wants a size");
  }

  @Test
  void settingsAreSavedReadBackAndUnknownKeysKept() throws Exception {
    Path f = configFile();
    Files.createDirectories(f.getParent());
    Files.writeString(f, "{\"retention\":{\"max_exchanges\":500},\"colour\":\"blue\"}");
    ConfigSettingsStore store = new ConfigSettingsStore(f);
    Settings loaded = store.load();
    assertThat(loaded)
        .isEqualTo(
            new Settings(
                "127.0.0.1:8081",
                "http://127.0.0.1:8080",
                true,
                "16M",
                "none",
                "500",
                "1G",
                "none",
                true));

    store.save(
        new Settings(
            "127.0.0.1:9100",
            "http://127.0.0.1:9200",
            false,
            "512K",
            "30d",
            "",
            "2G",
            "400d",
            false));
    Config c = Config.load(f);
    assertThat(c.listen().getPort()).isEqualTo(9100);
    assertThat(c.upstream()).isEqualTo(URI.create("http://127.0.0.1:9200"));
    assertThat(c.capture()).isFalse();
    assertThat(c.captureCap()).isEqualTo(512 << 10);
    assertThat(c.retention())
        .isEqualTo(new RetentionConfig(Duration.ofDays(30), null, 2L << 30, Duration.ofDays(400)));
    assertThat(c.warnings()).singleElement().asString().contains("'colour'");
    assertThat(store.load().keepAge()).isEqualTo("30d");
    // the Server tab's switch: off is kept, a missing key is on
    assertThat(c.serverStatus()).isFalse();
    assertThat(store.load().serverStatus()).isFalse();
    Files.writeString(f, "{\"server_status\":\"yes\"}");
    assertThatThrownBy(() -> Config.load(f)).hasMessageContaining("server_status");
  }

  @Test
  void aMalformedSettingIsRefusedInWordsAndNothingIsWritten() throws Exception {
    ConfigSettingsStore store = new ConfigSettingsStore(configFile());
    Settings ok = store.load();
    assertThatThrownBy(
            () ->
                store.save(
                    new Settings(
                        "127.0.0.1:1", "ftp://x", true, "16M", "none", "none", "none", "", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Upstream");
    assertThatThrownBy(
            () ->
                store.save(
                    new Settings(
                        ok.listen(), ok.upstream(), true, "16M", "soon", "", "", "", true)))
        .hasMessageStartingWith("Delete older than wants an age");
    assertThat(configFile()).doesNotExist();
  }

  @Test
  void windowStateRoundTripsAndAMalformedFileGivesTheDefaultsWithAWarning() throws Exception {
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    WindowStateFile file = WindowStateFile.of(Map.of("XDG_CONFIG_HOME", home.toString()), err);
    assertThat(file.file()).isEqualTo(home.resolve("tokentap/window.json"));
    assertThat(file.load()).isEqualTo(WindowState.DEFAULT);

    WindowState s =
        new WindowState(
            40,
            30,
            900,
            600,
            true,
            Map.of("model", 222.0, "path", 99.5),
            "LAST_DAY",
            ThemeChoice.DARK);
    file.save(s);
    assertThat(file.load()).isEqualTo(s);

    Files.writeString(file.file(), "{\"width\": 900, \"columns\": [");
    assertThat(file.load()).isEqualTo(WindowState.DEFAULT);
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .startsWith("tokentap: warning: " + file.file())
        .contains("default size");
    Files.writeString(file.file(), "[1,2]");
    assertThat(file.load()).isEqualTo(WindowState.DEFAULT);
    assertThat(Set.of(errBytes.toString(StandardCharsets.UTF_8).lines().toArray())).hasSize(2);
  }

  /** The config may hold an upstream password: it and window.json are 0600, their dir 0700. */
  @Test
  void configAndWindowStateAreReadableByTheirOwnerOnly() throws Exception {
    ConfigSettingsStore config = new ConfigSettingsStore(configFile());
    Settings withPassword =
        new Settings(
            "127.0.0.1:9100", "http://u:pw@127.0.0.1:9200", true, "16M", "", "", "", "", true);
    config.save(withPassword);
    assertThat(mode(configFile().getParent())).isEqualTo("rwx------");
    assertThat(mode(configFile())).isEqualTo("rw-------");

    Files.writeString(configFile(), "{}"); // rewritten by hand, umask 022
    Files.setPosixFilePermissions(configFile(), PosixFilePermissions.fromString("rw-r--r--"));
    config.save(withPassword);
    assertThat(mode(configFile())).isEqualTo("rw-------");

    WindowStateFile window =
        WindowStateFile.of(Map.of("XDG_CONFIG_HOME", home.toString()), System.err);
    window.save(WindowState.DEFAULT);
    assertThat(mode(window.file())).isEqualTo("rw-------");
    Files.setPosixFilePermissions(window.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
    window.save(WindowState.DEFAULT);
    assertThat(mode(window.file())).isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(configFile().getParent())) {
      assertThat(left)
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("config.json", "window.json");
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
