package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.fuzz.Split;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes {@link NdjsonLineReader} with real bodies (and bodies re-framed as JSON lines), mutated
 * and cut anywhere: it never throws, its buffer stays within the line limit, and the lines do not
 * depend on where the body was cut.
 */
@AddLifecycleHook(FuzzSettings.class)
class NdjsonLineReaderFuzzTest {

  @Property(tries = 400)
  void linesDoNotDependOnWhereTheBodyIsCut(
      @ForAll("seeds") String seed,
      @ForAll boolean asJsonLines,
      @ForAll("edits") List<Mutations.Edit> edits,
      @ForAll("splits") Split split,
      @ForAll("limits") int maxLineBytes) {
    byte[] seedBody = Seeds.fixture(seed).responseBody();
    if (asJsonLines) {
      // SSE "data: " lines without the framing: what an Ollama stream looks like
      seedBody =
          new String(seedBody, StandardCharsets.ISO_8859_1)
              .replace("data: ", "")
              .replace("\n\n", "\n")
              .getBytes(StandardCharsets.ISO_8859_1);
    }
    byte[] body = Mutations.apply(seedBody, edits);

    List<String> whole = new ArrayList<>();
    NdjsonLineReader one = reader(maxLineBytes, whole);
    one.feed(body, 0, body.length);
    one.finish();

    List<String> cut = new ArrayList<>();
    NdjsonLineReader pieces = reader(maxLineBytes, cut);
    for (int[] p : split.pieces(body.length)) {
      pieces.feed(body, p[0], p[1]);
      if (pieces.retainedBytes() > Math.max(512, maxLineBytes)) {
        assertThat(pieces.retainedBytes()).isLessThanOrEqualTo(Math.max(512, maxLineBytes));
      }
    }
    pieces.finish();

    assertThat(cut).isEqualTo(whole);
  }

  private static NdjsonLineReader reader(int maxLineBytes, List<String> into) {
    return new NdjsonLineReader(
        maxLineBytes,
        (line, len) -> {
          assertThat(len).isLessThanOrEqualTo(maxLineBytes);
          into.add(line == null ? null : new String(line, 0, len, StandardCharsets.ISO_8859_1));
        });
  }

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Mutations.edits(8);
  }

  @Provide
  Arbitrary<Split> splits() {
    return Split.any();
  }

  @Provide
  Arbitrary<Integer> limits() {
    return Arbitraries.of(1, 2, 100, 1000, 3000, 70_000, MeterLimits.DEFAULT_MAX_EVENT_BYTES);
  }
}
