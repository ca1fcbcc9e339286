package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.Fixture;
import dev.tokentap.testing.RawClient;
import dev.tokentap.testing.ReplayUpstream;
import dev.tokentap.testing.ReplayUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --no-capture} keeps metrics only; {@code --capture-cap} truncates kept bodies. */
class CaptureSettingsTest {

  @TempDir Path dataDir;

  private void recordOne(String fixture, String... flags) throws Exception {
    try (ReplayUpstream upstream = new ReplayUpstream()) {
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      TokenTap app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet, flags);
      try {
        Fixture f = Fixture.load(fixture);
        upstream.enqueue(Reply.of(f).scaled(0.01));
        try (RawClient client = new RawClient(app.listenAddress().getPort())) {
          assertThat(client.send(f.requestBytes()).read(false).body()).isEqualTo(f.responseBody());
        }
      } finally {
        app.stop();
      }
    }
  }

  @Test
  void noCaptureKeepsMetricsButNoHeadersOrBodies() throws Exception {
    recordOne("chat_nonstream_repeat_cached", "--no-capture");
    try (Connection db = open()) {
      ResultSet r = db.createStatement().executeQuery("SELECT cached_tokens FROM exchanges");
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).isEqualTo(33);
      ResultSet c = db.createStatement().executeQuery("SELECT COUNT(*) FROM captures");
      c.next();
      assertThat(c.getLong(1)).isZero();
    }
  }

  @Test
  void aCaptureCapTruncatesTheKeptBodyButNotTheMetrics() throws Exception {
    recordOne("chat_stream", "--capture-cap", "1K");
    try (Connection db = open()) {
      ResultSet r =
          db.createStatement()
              .executeQuery(
                  "SELECT e.completion_tokens, e.response_bytes, c.response_truncated,"
                      + " c.response_body_bytes FROM exchanges e JOIN captures c"
                      + " ON c.exchange_id = e.id");
      assertThat(r.next()).isTrue();
      assertThat(r.getLong("completion_tokens")).isEqualTo(32);
      assertThat(r.getInt("response_truncated")).isEqualTo(1);
      assertThat(r.getLong("response_bytes")).isEqualTo(8275);
    }
  }

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
  }
}
