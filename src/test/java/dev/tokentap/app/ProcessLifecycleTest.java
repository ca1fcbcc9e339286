package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TokenTap as a real process: started from the command line, stopped with SIGTERM while a stream is
 * still running. It exits 0 (a clean stop), everything answered is in the history afterwards, and a
 * second TokenTap on the same data dir is turned away.
 */
class ProcessLifecycleTest {

  @TempDir Path dataDir;

  @Test
  void sigtermKeepsEverythingAnsweredAndRecordsTheCutStream() throws Exception {
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      int port = freePort();
      Path firstErr = dataDir.resolveSibling(dataDir.getFileName() + "-first.err");
      Process tokentap = start(port, upstream.url(), firstErr);
      try {
        awaitLine(firstErr, "listening on");

        Path secondErrFile = dataDir.resolveSibling(dataDir.getFileName() + "-second.err");
        Process second = start(port, upstream.url(), secondErrFile);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String secondErr = Files.readString(secondErrFile);
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(secondErr).contains("already").doesNotContain("\tat ");

        Fixture done = Fixture.load("chat_nonstream_repeat_cached");
        upstream.enqueue(Reply.of(done).scaled(0.01));
        try (RawClient client = new RawClient(port)) {
          assertThat(client.send(done.requestBytes()).read(false).status()).isEqualTo(200);
        }
        Fixture stream = Fixture.load("client_disconnect_midstream");
        upstream.enqueue(Reply.of(stream).ending(ReplayUpstream.Ending.KEEP_STREAMING));
        try (RawClient client = new RawClient(port)) {
          client.send(stream.requestBytes()).readSome(100);
          tokentap.destroy(); // SIGTERM
          assertThat(tokentap.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(tokentap.exitValue()).as("exit code after SIGTERM").isZero();
        }
      } finally {
        tokentap.destroyForcibly();
      }
      List<String> stderr = Files.readAllLines(firstErr);
      assertThat(stderr).anyMatch(l -> l.startsWith("tokentap: stopped; 2 exchanges recorded"));
      assertThat(String.join("\n", stderr)).doesNotContain("\tat ");
    }
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
        ResultSet r =
            db.createStatement()
                .executeQuery("SELECT outcome, error, cached_tokens FROM exchanges ORDER BY id")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString("outcome")).isEqualTo("ok");
      assertThat(r.getLong("cached_tokens")).isEqualTo(33);
      assertThat(r.next()).isTrue();
      assertThat(r.getString("outcome")).isEqualTo("client_aborted");
      assertThat(r.getString("error")).contains("shut down");
      assertThat(r.next()).isFalse();
    }
  }

  private static void awaitLine(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file).contains(text)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no '" + text + "' in " + Files.readString(file));
  }

  private Process start(int port, String upstream, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Launcher.class.getName(),
            "--headless",
            "--listen",
            "127.0.0.1:" + port,
            "--upstream",
            upstream,
            "--data-dir",
            dataDir.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile())
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
