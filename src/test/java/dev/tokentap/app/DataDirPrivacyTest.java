package dev.tokentap.app;

import static dev.tokentap.app.AppTesting.replay;
import static dev.tokentap.app.AppTesting.waitForRows;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.ReplayUpstream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir other users could read (0755, with a 0644 tokentap.db, as an older TokenTap under
 * umask 022 left it) is made private when TokenTap starts on it, and TokenTap says so in one line.
 */
class DataDirPrivacyTest {

  @TempDir Path parent;

  @Test
  void anOpenDataDirIsMadePrivateAndSaidSoInOneLineOnce() throws Exception {
    Path dataDir = parent.resolve("data");
    ExchangeStore.open(dataDir).close();
    chmod(dataDir, "rwxr-xr-x");
    chmod(dataDir.resolve("tokentap.db"), "rw-r--r--");
    chmod(dataDir.resolve("tokentap.lock"), "rw-r--r--");

    String said = "tokentap: Data dir " + dataDir + " was open to other users (rwxr-xr-x)";
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      TokenTap app = start(dataDir, upstream, err);
      try {
        replay(app.listenAddress().getPort(), upstream, List.of("chat_stream"));
        waitForRows(dataDir, 1);
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        for (String f :
            List.of("tokentap.db", "tokentap.db-wal", "tokentap.db-shm", "tokentap.lock")) {
          assertThat(mode(dataDir.resolve(f))).as(f).isEqualTo("rw-------");
        }
      } finally {
        app.stop();
      }
      assertThat(err.toString(UTF_8).lines().filter(l -> l.contains("open to other users")))
          .containsExactly(said + ": it is now rwx------, and TokenTap's files in it rw-------.");

      ByteArrayOutputStream again = new ByteArrayOutputStream();
      start(dataDir, upstream, again).stop();
      assertThat(again.toString(UTF_8)).doesNotContain("open to other users");
    }
  }

  private static TokenTap start(Path dataDir, ReplayUpstream upstream, ByteArrayOutputStream err)
      throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
    return HeadlessTokenTap.start(
        dataDir, upstream.url(), quiet, new PrintStream(err, true, UTF_8));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }
}
