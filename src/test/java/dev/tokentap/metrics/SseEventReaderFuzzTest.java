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
 * Fuzzes {@link SseEventReader} with real llama-server bodies, mutated and cut anywhere: it never
 * throws, its buffers stay within the event limit, no event handed over is larger than the limit,
 * and the events do not depend on where the body was cut.
 */
@AddLifecycleHook(FuzzSettings.class)
class SseEventReaderFuzzTest {

  /** An event as handed over; {@code data} null when it was skipped as too large. */
  record Event(String type, String data) {}

  @Property(tries = 400)
  void eventsDoNotDependOnWhereTheBodyIsCut(
      @ForAll("seeds") String seed,
      @ForAll("edits") List<Mutations.Edit> edits,
      @ForAll("splits") Split split,
      @ForAll("limits") int maxEventBytes) {
    byte[] body = Mutations.apply(Seeds.fixture(seed).responseBody(), edits);

    List<Event> whole = new ArrayList<>();
    SseEventReader one = reader(maxEventBytes, whole);
    one.feed(body, 0, body.length);
    one.finish();

    List<Event> cut = new ArrayList<>();
    SseEventReader pieces = reader(maxEventBytes, cut);
    for (int[] p : split.pieces(body.length)) {
      pieces.feed(body, p[0], p[1]);
      if (pieces.retainedBytes() > bound(maxEventBytes)) {
        assertThat(pieces.retainedBytes()).isLessThanOrEqualTo(bound(maxEventBytes));
      }
    }
    pieces.finish();
    assertThat(pieces.retainedBytes()).isLessThanOrEqualTo(bound(maxEventBytes));

    assertThat(cut).isEqualTo(whole);
  }

  /** Two buffers (line and data), each at most the event limit or their small initial size. */
  static int bound(int maxEventBytes) {
    return 2 * Math.max(512, maxEventBytes);
  }

  private static SseEventReader reader(int maxEventBytes, List<Event> into) {
    return new SseEventReader(
        maxEventBytes,
        (type, data, len) -> {
          assertThat(len).isLessThanOrEqualTo(maxEventBytes);
          into.add(
              new Event(
                  type,
                  data == null ? null : new String(data, 0, len, StandardCharsets.ISO_8859_1)));
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
