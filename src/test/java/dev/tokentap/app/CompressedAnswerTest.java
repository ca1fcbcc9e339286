package dev.tokentap.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.tokentap.model.Header;
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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server behind a compressing proxy: the client asked for gzip and gets the gzip bytes untouched,
 * while TokenTap measures and captures the decoded answer.
 */
class CompressedAnswerTest {

  @TempDir Path dataDir;

  @Test
  void aGzipAnswerPassesCompressedAndIsMeasuredDecoded() throws Exception {
    Fixture plain = Fixture.load("chat_nonstream_repeat_cached");
    byte[] gz = gzip(plain.responseBody());
    List<Header> headers = new ArrayList<>();
    for (Header h : plain.responseHeaders()) {
      headers.add(
          h.name().equalsIgnoreCase("Content-Length")
              ? new Header(h.name(), Integer.toString(gz.length))
              : h);
    }
    headers.add(new Header("Content-Encoding", "gzip"));
    Fixture zipped =
        new Fixture(
            plain.name(),
            plain.method(),
            plain.path(),
            plain.requestHeaders(),
            plain.requestBody(),
            plain.status(),
            plain.reasonPhrase(),
            headers,
            gz,
            List.of(new Fixture.Chunk(gz, plain.ttfbMs())),
            List.of(),
            plain.ttfbMs(),
            plain.totalMs());
    String request =
        new String(plain.requestBytes(), StandardCharsets.ISO_8859_1)
            .replaceFirst("\r\n", "\r\nAccept-Encoding: gzip\r\n");

    try (ReplayUpstream upstream = new ReplayUpstream()) {
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      TokenTap app = HeadlessTokenTap.start(dataDir, upstream.url(), quiet);
      try {
        upstream.enqueue(Reply.of(zipped).scaled(0.01));
        RawClient.Answer answer;
        try (RawClient client = new RawClient(app.listenAddress().getPort())) {
          answer = client.send(request.getBytes(StandardCharsets.ISO_8859_1)).read(false);
        }
        assertThat(answer.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(answer.body()).isEqualTo(gz);
        assertThat(upstream.takeRequest().header("Accept-Encoding")).isEqualTo("gzip");
      } finally {
        app.stop();
      }
    }
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
        ResultSet r =
            db.createStatement()
                .executeQuery(
                    "SELECT e.prompt_tokens, e.cached_tokens, e.completion_tokens, e.response_bytes,"
                        + " c.response_body, c.response_encoding FROM exchanges e"
                        + " JOIN captures c ON c.exchange_id = e.id")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getLong("prompt_tokens")).isEqualTo(34);
      assertThat(r.getLong("cached_tokens")).isEqualTo(33);
      assertThat(r.getLong("completion_tokens")).isEqualTo(32);
      assertThat(r.getLong("response_bytes")).isEqualTo(gz.length);
      assertThat(r.getString("response_encoding")).isEqualTo("gzip");
      byte[] stored = r.getBytes("response_body");
      assertThat(Zstd.decompress(stored, (int) Zstd.getFrameContentSize(stored)))
          .isEqualTo(plain.responseBody());
    }
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(bytes);
    }
    return b.toByteArray();
  }
}
