package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.fuzz.Bombs;
import dev.tokentap.fuzz.Coding;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.fuzz.Split;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.testing.Fixture;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes the meter through the calls the forwarder makes ({@code model.ExchangeTally}: request
 * pieces, response head, response pieces of up to 64 KiB, snapshots from the side, finish), with
 * real exchanges whose bodies, content types, content codings and paths are mutated. No call throws
 * (the forwarder would only log it, but the meter promises not to), the meter's buffers stay within
 * its limits, every figure is a sane one, and what is measured does not depend on how the bytes
 * were cut.
 */
@AddLifecycleHook(FuzzSettings.class)
class MeterFuzzTest {

  /** A fixture's request and response, mutated, with the head the response is sent with. */
  record Exchange(
      String path,
      List<Header> requestHeaders,
      byte[] request,
      int status,
      List<Header> responseHeaders,
      byte[] response) {}

  @Property(tries = 300)
  void neverThrowsStaysWithinItsLimitsAndMeasuresOnlySaneFigures(
      @ForAll("seeds") String seed,
      @ForAll("edits") List<Mutations.Edit> requestEdits,
      @ForAll("edits") List<Mutations.Edit> responseEdits,
      @ForAll("codings") Coding coding,
      @ForAll("contentTypes") String contentType,
      @ForAll("contentEncodings") String contentEncoding,
      @ForAll("paths") String path,
      @ForAll("splits") Split split,
      @ForAll("limits") MeterLimits limits) {
    Exchange x =
        exchange(
            seed, requestEdits, responseEdits, coding, contentType, contentEncoding, path, false);
    long bound =
        limits.maxRequestBytes()
            + 16 * 1024
            + Math.max(limits.maxBodyBytes(), 2L * Math.max(512, limits.maxEventBytes()));

    MetricsMeter meter = meter(x, limits);
    long t = MeterDriver.START;
    for (int[] p : split.pieces(x.request().length)) {
      meter.onRequestBody(x.request(), p[0], p[1]);
      checkRetained(meter, bound);
    }
    meter.onResponseStart(x.status(), x.responseHeaders(), t += 1_000_000);
    for (int[] p : new Split(64 * 1024, split.seed()).pieces(x.response().length)) {
      meter.onResponseBody(x.response(), p[0], p[1], t += 100_000);
      checkRetained(meter, bound);
      assertThat(meter.snapshot()).isNotNull();
    }
    ExchangeMetrics m = meter.finish(t + 1_000_000);
    assertThat(meter.finish(t + 2_000_000)).isSameAs(m);
    assertThat(meter.eventTimes()).isNotNull();
    assertSane(m);
  }

  @Property(tries = 200)
  void whatIsMeasuredDoesNotDependOnHowTheBytesAreCut(
      @ForAll("seeds") String seed,
      @ForAll("edits") List<Mutations.Edit> requestEdits,
      @ForAll("edits") List<Mutations.Edit> responseEdits,
      @ForAll("codings") Coding coding,
      @ForAll("splits") Split split,
      @ForAll("limits") MeterLimits limits) {
    Exchange x = exchange(seed, requestEdits, responseEdits, coding, "", "", "", true);
    // every piece at the same instant, so that the times measured agree too
    ExchangeMetrics whole = replay(x, limits, null);
    ExchangeMetrics cut = replay(x, limits, split);
    assertThat(cut).isEqualTo(whole);
  }

  /**
   * A decompression bomb (16 MiB of SSE events from a few KiB) through the meter as the forwarder
   * would pass it, in pieces of up to 64 KiB, read as a stream, a JSON body or JSON lines: it ends,
   * within the meter's memory bound.
   */
  @Property(tries = 4)
  void aBombPassesThroughTheMeterWithinItsBound(
      @ForAll("bombs") String coding, @ForAll("bombTypes") String contentType) {
    byte[] wire =
        switch (coding) {
          case "gzip" -> Bombs.gzip(16);
          case "deflate" -> Bombs.zlib(16);
          default -> Bombs.rawDeflate(16);
        };
    MeterLimits limits = MeterLimits.withMaxBodyBytes(MeterLimits.DEFAULT_MAX_BODY_BYTES);
    long bound =
        limits.maxRequestBytes() + 16 * 1024 + limits.maxBodyBytes() + 2L * limits.maxEventBytes();
    MetricsMeter meter =
        (MetricsMeter)
            new MetricsMeterFactory(limits)
                .start("POST", "/v1/chat/completions", List.of(), MeterDriver.START);
    meter.onResponseStart(
        200,
        List.of(
            new Header("Content-Type", contentType),
            new Header("Content-Encoding", coding.equals("raw") ? "deflate" : coding)),
        MeterDriver.at(1));
    long t = MeterDriver.at(2);
    for (int[] p : new Split(64 * 1024, 7).pieces(wire.length)) {
      meter.onResponseBody(wire, p[0], p[1], t += 1000);
      checkRetained(meter, bound);
    }
    assertSane(meter.finish(t));
  }

  private static ExchangeMetrics replay(Exchange x, MeterLimits limits, Split split) {
    MetricsMeter meter = meter(x, limits);
    long t = MeterDriver.at(5);
    for (int[] p : pieces(split, x.request().length)) {
      meter.onRequestBody(x.request(), p[0], p[1]);
    }
    meter.onResponseStart(x.status(), x.responseHeaders(), t);
    for (int[] p : pieces(split, x.response().length)) {
      meter.onResponseBody(x.response(), p[0], p[1], t);
    }
    return meter.finish(t);
  }

  private static List<int[]> pieces(Split split, int length) {
    return split == null ? List.of(new int[] {0, length}) : split.pieces(length);
  }

  private static MetricsMeter meter(Exchange x, MeterLimits limits) {
    return (MetricsMeter)
        new MetricsMeterFactory(limits)
            .start("POST", x.path(), x.requestHeaders(), MeterDriver.START);
  }

  private static void checkRetained(MetricsMeter meter, long bound) {
    if (meter.retainedBytes() > bound) {
      assertThat((long) meter.retainedBytes()).isLessThanOrEqualTo(bound);
    }
  }

  /** Counts are whole and not negative, speeds finite and not negative, times not negative. */
  static void assertSane(ExchangeMetrics m) {
    assertThat(m).isNotNull();
    for (Long count : new Long[] {m.promptTokens(), m.cachedTokens(), m.completionTokens()}) {
      if (count != null) {
        assertThat(count).as("a token count in %s", m).isNotNegative();
      }
    }
    for (Double v : new Double[] {m.promptTps(), m.genTps(), m.ttftMs(), m.maxGapMs()}) {
      if (v != null) {
        assertThat(v).as("a speed or time in %s", m).isFinite().isNotNegative();
      }
    }
    if (m.eventCount() != null) {
      assertThat(m.eventCount()).isNotNegative();
    }
  }

  /**
   * Fixture {@code seed} with its bodies edited, the response sent with {@code coding}; {@code
   * contentType}, {@code contentEncoding} and {@code path} replace the recorded ones unless empty
   * (with {@code honestHead}, the head always says what the body is).
   */
  private static Exchange exchange(
      String seed,
      List<Mutations.Edit> requestEdits,
      List<Mutations.Edit> responseEdits,
      Coding coding,
      String contentType,
      String contentEncoding,
      String path,
      boolean honestHead) {
    Fixture f = Seeds.fixture(seed);
    byte[] request = Mutations.apply(f.requestBody(), requestEdits);
    byte[] response = coding.encode(Mutations.apply(f.responseBody(), responseEdits));
    List<Header> head = new ArrayList<>();
    for (Header h : f.responseHeaders()) {
      if (h.name().equalsIgnoreCase("Content-Type") && !contentType.isEmpty() && !honestHead) {
        head.add(new Header(h.name(), contentType));
      } else if (!h.name().equalsIgnoreCase("Content-Encoding")) {
        head.add(h);
      }
    }
    String encoding = honestHead || contentEncoding.isEmpty() ? coding.header() : contentEncoding;
    if (encoding != null) {
      head.add(new Header("Content-Encoding", encoding));
    }
    return new Exchange(
        path.isEmpty() ? f.path() : path, f.requestHeaders(), request, f.status(), head, response);
  }

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Mutations.edits(5);
  }

  @Provide
  Arbitrary<Coding> codings() {
    return Arbitraries.of(
        Coding.IDENTITY,
        Coding.GZIP,
        Coding.GZIP_TWO_MEMBERS,
        Coding.DEFLATE_ZLIB,
        Coding.DEFLATE_RAW);
  }

  /** "" keeps the recorded type. */
  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "",
        "",
        "text/event-stream",
        "TEXT/Event-Stream; charset=utf-8",
        "application/json",
        "application/x-ndjson",
        "application/jsonl; q=1",
        ";",
        " ; ; ",
        "text/event-stream\u0000",
        "\u00e9v\u00e9nement/flux");
  }

  /**
   * "" sends the body's real coding; the others lie about it, or name ones the meter cannot undo.
   */
  @Provide
  Arbitrary<String> contentEncodings() {
    return Arbitraries.of(
        "",
        "",
        "gzip",
        "deflate",
        "x-gzip",
        "identity",
        "br",
        "zstd",
        "gzip, deflate",
        "identity, gzip",
        "gzip, identity",
        ",,,",
        " GZIP ",
        "compress",
        "\u00ff");
  }

  /** "" keeps the recorded path. */
  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(
        "",
        "",
        "",
        "/v1/chat/completions",
        "/v1/completions",
        "/completion",
        "/infill",
        "/v1/messages",
        "/v1/responses",
        "/v1/embeddings",
        "/api/chat",
        "/api/generate",
        "/v1/chat/completions/?x=1",
        "/",
        "///",
        "*");
  }

  @Provide
  Arbitrary<String> bombs() {
    return Arbitraries.of("gzip", "deflate", "raw");
  }

  @Provide
  Arbitrary<String> bombTypes() {
    return Arbitraries.of("text/event-stream", "application/json", "application/x-ndjson");
  }

  @Provide
  Arbitrary<Split> splits() {
    return Split.any();
  }

  /** Small limits, so that cheap inputs cross them, and the real ones. */
  @Provide
  Arbitrary<MeterLimits> limits() {
    return Arbitraries.oneOf(
        Combinators.combine(
                Arbitraries.of(0, 1, 100, 4096, 70_000),
                Arbitraries.of(1, 50, 1000, 70_000),
                Arbitraries.of(0, 1, 30, 2000))
            .as(MeterLimits::new),
        Arbitraries.just(MeterLimits.withMaxBodyBytes(MeterLimits.DEFAULT_MAX_BODY_BYTES)));
  }
}
