package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.fuzz.Bombs;
import dev.tokentap.fuzz.Coding;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.fuzz.Split;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes {@link ContentDecoder}, the meter's gzip/deflate decoder: a valid body decodes to its
 * bytes wherever it is cut; a damaged one never throws and yields no more than deflate's largest
 * ratio allows; bombs decode in bounded time through a fixed output buffer.
 */
@AddLifecycleHook(FuzzSettings.class)
class ContentDecoderFuzzTest {

  /** Deflate's best case is about 1032:1; anything more would be invented bytes. */
  private static final int MAX_RATIO = 1100;

  @Property(tries = 200)
  void aValidBodyDecodesToItsBytesWhereverItIsCut(
      @ForAll("seeds") String seed,
      @ForAll("edits") List<Mutations.Edit> edits,
      @ForAll("codings") Coding coding,
      @ForAll("splits") Split split) {
    byte[] plain = Mutations.apply(Seeds.fixture(seed).responseBody(), edits);
    byte[] wire = coding.encode(plain);
    ContentDecoder decoder = ContentDecoder.forEncoding(coding.header());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int[] p : split.pieces(wire.length)) {
      decoder.decode(wire, p[0], p[1], out::write);
    }
    assertThat(decoder.failed()).isFalse();
    assertThat(out.toByteArray()).isEqualTo(plain);
    decoder.close();
  }

  @Property(tries = 300)
  void aDamagedBodyNeverThrowsAndYieldsNoMoreThanDeflateCan(
      @ForAll("seeds") String seed,
      @ForAll("codings") Coding coding,
      @ForAll("edits") List<Mutations.Edit> damage,
      @ForAll("splits") Split split) {
    byte[] wire = Mutations.apply(coding.encode(Seeds.fixture(seed).responseBody()), damage);
    ContentDecoder decoder = ContentDecoder.forEncoding(coding.header());
    long[] decoded = {0};
    for (int[] p : split.pieces(wire.length)) {
      decoder.decode(wire, p[0], p[1], (b, off, len) -> decoded[0] += len);
      assertThat(decoder.retainedBytes()).isLessThanOrEqualTo(16 * 1024);
    }
    decoder.close();
    assertThat(decoded[0]).isLessThanOrEqualTo((long) MAX_RATIO * wire.length + 64);
  }

  @Property(tries = 8)
  void bombsDecodeInBoundedTimeThroughAFixedBuffer(
      @ForAll("bombs") String kind, @ForAll("bigPieces") Split split) {
    byte[] wire =
        switch (kind) {
          case "gzip" -> Bombs.gzip(BOMB_MIB);
          case "deflate" -> Bombs.zlib(BOMB_MIB);
          default -> Bombs.rawDeflate(BOMB_MIB);
        };
    ContentDecoder decoder = ContentDecoder.forEncoding(kind.equals("gzip") ? "gzip" : "deflate");
    long[] decoded = {0};
    for (int[] p : split.pieces(wire.length)) {
      decoder.decode(wire, p[0], p[1], (b, off, len) -> decoded[0] += len);
      assertThat(decoder.retainedBytes()).isLessThanOrEqualTo(16 * 1024);
    }
    decoder.close();
    assertThat(decoder.failed()).isFalse();
    assertThat(decoded[0]).isEqualTo((long) BOMB_MIB << 20);
  }

  private static final int BOMB_MIB = 256;

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Mutations.edits(6);
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

  @Provide
  Arbitrary<Split> splits() {
    return Split.any();
  }

  @Provide
  Arbitrary<Split> bigPieces() {
    return Arbitraries.longs().map(seed -> new Split(64 * 1024, seed));
  }

  @Provide
  Arbitrary<String> bombs() {
    return Arbitraries.of("gzip", "deflate", "raw");
  }
}
