package dev.tokentap.metrics;

import static dev.tokentap.metrics.FixtureMetricsTest.EXPECTED;
import static dev.tokentap.metrics.FixtureMetricsTest.assertSameFigures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixture bodies compressed the way a proxy would (one flush per upstream chunk, so a compressed
 * stream still arrives event by event) give the same figures as the plain ones.
 */
class EncodedBodyMetricsTest {

  private static List<Header> withEncoding(List<Header> headers, String encoding) {
    List<Header> out = new ArrayList<>(headers);
    out.removeIf(h -> h.name().equalsIgnoreCase("Content-Length"));
    out.add(new Header("Content-Encoding", encoding));
    return out;
  }

  /** Each chunk compressed and sync-flushed at its own time; the trailer comes with the last. */
  private static List<Fixture.Chunk> compress(List<Fixture.Chunk> chunks, String encoding)
      throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DeflaterOutputStream out =
        switch (encoding) {
          case "gzip" -> new GZIPOutputStream(sink, true);
          case "deflate" -> new DeflaterOutputStream(sink, new Deflater(), true); // zlib-wrapped
          case "raw-deflate" ->
              new DeflaterOutputStream(
                  sink, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
          default -> throw new IllegalArgumentException(encoding);
        };
    List<Fixture.Chunk> compressed = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Fixture.Chunk c = chunks.get(i);
      out.write(c.bytes());
      out.flush();
      if (i == chunks.size() - 1) {
        out.close();
      }
      compressed.add(new Fixture.Chunk(sink.toByteArray(), c.msSinceRequest()));
      sink.reset();
    }
    return compressed;
  }

  /** Cuts the chunks further at arbitrary points, each piece keeping its chunk's time. */
  private static List<Fixture.Chunk> recut(List<Fixture.Chunk> chunks, int step) {
    List<Fixture.Chunk> pieces = new ArrayList<>();
    for (Fixture.Chunk c : chunks) {
      for (int i = 0; i < c.bytes().length; i += step) {
        pieces.add(
            new Fixture.Chunk(
                Arrays.copyOfRange(c.bytes(), i, Math.min(c.bytes().length, i + step)),
                c.msSinceRequest()));
      }
    }
    return pieces;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "chat_stream",
        "chat_stream_include_usage",
        "anthropic_messages_stream",
        "responses_stream",
        "completion_native_stream",
        "client_disconnect_midstream",
        "chat_nonstream",
        "responses_nonstream",
        "embeddings_v1_single",
        "completion_native_nonstream"
      })
  void gzipAndDeflateGiveTheSameFigures(String name) throws IOException {
    Fixture f = Fixture.load(name);
    for (String encoding : List.of("gzip", "deflate", "raw-deflate")) {
      List<Header> headers =
          withEncoding(f.responseHeaders(), encoding.equals("gzip") ? "gzip" : "deflate");
      List<Fixture.Chunk> chunks = compress(f.chunks(), encoding);
      ExchangeMetrics whole = MeterDriver.replay(new MetricsMeterFactory(), f, headers, chunks);
      assertSameFigures(whole, EXPECTED.get(name));
      ExchangeMetrics cut =
          MeterDriver.replay(new MetricsMeterFactory(), f, headers, recut(chunks, 3));
      assertSameFigures(cut, EXPECTED.get(name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat_stream", "chat_nonstream"})
  void plainBytesLabelledGzipMeasureNothing(String name) {
    Fixture f = Fixture.load(name);
    ExchangeMetrics m =
        MeterDriver.replay(
            new MetricsMeterFactory(), f, withEncoding(f.responseHeaders(), "gzip"), f.chunks());
    assertThat(m)
        .isEqualTo(
            new ExchangeMetrics(
                "tiny", null, null, null, null, null, null, null, null, null, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "zstd", "gzip, br"})
  void unsupportedCodingsAreNotLookedAt(String encoding) {
    Fixture f = Fixture.load("chat_stream");
    ExchangeMetrics m =
        MeterDriver.replay(
            new MetricsMeterFactory(), f, withEncoding(f.responseHeaders(), encoding), f.chunks());
    assertThat(m)
        .isEqualTo(
            new ExchangeMetrics(
                "tiny", null, null, null, null, null, null, null, null, null, false));
  }
}
