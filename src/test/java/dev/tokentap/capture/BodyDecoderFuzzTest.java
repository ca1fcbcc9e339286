package dev.tokentap.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.fuzz.Bombs;
import dev.tokentap.fuzz.Coding;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.model.CapturedBody;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes {@link BodyDecoder}, which decodes a captured body before redaction: whatever the bytes
 * and whatever {@code Content-Encoding} says, it never throws, keeps at most the cap, and a body it
 * cannot decode is kept as the wire bytes; a valid one decodes to its bytes; bombs are counted up
 * to {@link BodyDecoder#COUNT_LIMIT} and no further.
 */
@AddLifecycleHook(FuzzSettings.class)
class BodyDecoderFuzzTest {

  @Property(tries = 300)
  void neverThrowsAndKeepsAtMostTheCap(
      @ForAll("seeds") String seed,
      @ForAll("codings") Coding coding,
      @ForAll("headers") String header,
      @ForAll("edits") List<Mutations.Edit> damage,
      @ForAll("caps") int cap,
      @ForAll boolean truncated) {
    byte[] plain = Seeds.fixture(seed).responseBody();
    byte[] wire = Mutations.apply(coding.encode(plain), damage);
    String encoding = header.equals("<coding>") ? coding.header() : header;
    BodyDecoder.Decoded d =
        new BodyDecoder(cap).decode(new CapturedBody(wire, wire.length, truncated), encoding);

    assertThat(d.bytes().length).isLessThanOrEqualTo(cap);
    assertThat(d.originalSize()).isBetween(0L, BodyDecoder.COUNT_LIMIT + 64 * 1024);
    if (!d.decoded()) {
      assertThat(d.bytes()).isEqualTo(Arrays.copyOf(wire, Math.min(cap, wire.length)));
    }
    if (d.bytes().length < Math.min(cap, d.originalSize())) {
      assertThat(d.truncated()).isTrue();
    }
  }

  @Property(tries = 200)
  void aValidBodyDecodesToItsBytes(
      @ForAll("seeds") String seed,
      @ForAll("edits") List<Mutations.Edit> edits,
      @ForAll("codings") Coding coding,
      @ForAll("caps") int cap) {
    byte[] plain = Mutations.apply(Seeds.fixture(seed).responseBody(), edits);
    byte[] wire = coding.encode(plain);
    BodyDecoder.Decoded d =
        new BodyDecoder(cap).decode(new CapturedBody(wire, wire.length, false), coding.header());
    assertThat(d.decoded()).isTrue();
    assertThat(d.bytes()).isEqualTo(Arrays.copyOf(plain, Math.min(cap, plain.length)));
    assertThat(d.originalSize()).isEqualTo(plain.length);
    assertThat(d.truncated()).isEqualTo(plain.length > cap);
  }

  @Property(tries = 6)
  void bombsStopAtTheCountLimit(@ForAll("bombs") String kind, @ForAll("caps") int cap) {
    int mib = (int) (BodyDecoder.COUNT_LIMIT >> 20) * 2;
    byte[] wire =
        switch (kind) {
          case "gzip" -> Bombs.gzip(mib);
          case "deflate" -> Bombs.zlib(mib);
          case "zstd" -> Bombs.zstd(mib);
          default -> Bombs.gzipInGzip(mib);
        };
    String encoding = kind.equals("gzip, gzip") ? "gzip, gzip" : kind;
    BodyDecoder.Decoded d =
        new BodyDecoder(cap).decode(new CapturedBody(wire, wire.length, false), encoding);
    assertThat(d.bytes().length).isLessThanOrEqualTo(cap);
    assertThat(d.truncated()).isTrue();
    assertThat(d.originalSize())
        .isBetween(BodyDecoder.COUNT_LIMIT, BodyDecoder.COUNT_LIMIT + (1 << 20));
  }

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<Coding> codings() {
    return Arbitraries.of(Coding.class);
  }

  /** "<coding>" is the body's real coding; the others lie, stack, or name unknown ones. */
  @Provide
  Arbitrary<String> headers() {
    return Arbitraries.of(
        "<coding>",
        "<coding>",
        "<coding>",
        "gzip",
        "deflate",
        "zstd",
        "br",
        "gzip, gzip",
        "deflate, gzip",
        "zstd, zstd",
        "identity",
        "gzip, identity, ,",
        "x-gzip",
        "GZIP",
        "compress",
        "\u00ff\u0000");
  }

  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Mutations.edits(4);
  }

  @Provide
  Arbitrary<Integer> caps() {
    return Arbitraries.of(0, 1, 100, 4096, 1 << 20, 16 << 20);
  }

  @Provide
  Arbitrary<String> bombs() {
    return Arbitraries.of("gzip", "deflate", "zstd", "gzip, gzip");
  }
}
