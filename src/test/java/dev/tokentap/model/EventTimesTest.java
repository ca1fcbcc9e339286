package dev.tokentap.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventTimesTest {

  @Test
  void keepsEachEventsOffsetAndOutputFlag() {
    EventTimes t =
        EventTimes.builder().add(4_380, false).add(4_391, true).add(20_000, true).build();
    assertThat(t.count()).isEqualTo(3);
    assertThat(t.totalCount()).isEqualTo(3);
    assertThat(t.truncated()).isFalse();
    assertThat(t.offsetMicros(0)).isEqualTo(4_380);
    assertThat(t.carriesOutput(0)).isFalse();
    assertThat(t.offsetMicros(2)).isEqualTo(20_000);
    assertThat(t.carriesOutput(2)).isTrue();
    assertThatThrownBy(() -> t.offsetMicros(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.carriesOutput(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void offsetsNeverDecreaseNorGoNegative() {
    EventTimes t =
        EventTimes.builder()
            .add(-5, true)
            .add(100, false)
            .add(50, true)
            .add(Long.MAX_VALUE, true)
            .build();
    assertThat(t.offsetMicros(0)).isZero();
    assertThat(t.offsetMicros(1)).isEqualTo(100);
    assertThat(t.offsetMicros(2)).isEqualTo(100);
    assertThat(t.carriesOutput(2)).isTrue();
    assertThat(t.offsetMicros(3)).isEqualTo(Long.MAX_VALUE >>> 1);
    assertThat(EventTimes.decode(t.encode())).isEqualTo(t);
  }

  @Test
  void aBuilderKeepsGoingAfterBuildAndBuildCopies() {
    EventTimes.Builder b = EventTimes.builder().add(1, true);
    EventTimes first = b.build();
    b.add(2, true);
    assertThat(first.count()).isEqualTo(1);
    assertThat(b.build().count()).isEqualTo(2);
    assertThat(EventTimes.builder().build()).isSameAs(EventTimes.EMPTY);
  }

  @Test
  void keepsAtMostMaxEventsThenOnlyCounts() {
    EventTimes.Builder b = EventTimes.builder();
    for (int i = 0; i <= EventTimes.MAX_EVENTS; i++) {
      b.add(i * 10L, i % 2 == 0);
    }
    EventTimes t = b.build();
    assertThat(t.count()).isEqualTo(100_000);
    assertThat(t.totalCount()).isEqualTo(100_001);
    assertThat(t.truncated()).isTrue();
    assertThat(t.offsetMicros(99_999)).isEqualTo(999_990);
    EventTimes back = EventTimes.decode(t.encode());
    assertThat(back).isEqualTo(t);
    assertThat(back.truncated()).isTrue();
  }

  @Test
  void encodingRoundTripsCompactly() {
    EventTimes.Builder b = EventTimes.builder();
    long offset = 150_000; // 150 ms to the first event, then tokens ~16 ms apart
    for (int i = 0; i < 1_000; i++) {
      b.add(offset, i > 0);
      offset += 15_000 + (i * 7919L) % 2_000;
    }
    EventTimes t = b.build();
    byte[] bytes = t.encode();
    assertThat(bytes[0]).isEqualTo((byte) EventTimes.ENCODING_VERSION);
    assertThat(bytes.length).isLessThan(3 * 1_000 + 10);
    EventTimes back = EventTimes.decode(bytes);
    assertThat(back).isEqualTo(t).hasSameHashCodeAs(t);
    for (int i = 0; i < t.count(); i++) {
      assertThat(back.offsetMicros(i)).isEqualTo(t.offsetMicros(i));
      assertThat(back.carriesOutput(i)).isEqualTo(t.carriesOutput(i));
    }
    assertThat(EventTimes.decode(EventTimes.EMPTY.encode())).isSameAs(EventTimes.EMPTY);
  }

  @Test
  void corruptBytesAreAClearErrorNeverAHugeAllocation() {
    byte[] good = EventTimes.builder().add(10, true).add(300, true).build().encode();
    assertCorrupt(null, "no bytes");
    assertCorrupt(new byte[0], "no bytes");
    assertCorrupt(new byte[] {9, 0, 0}, "unknown version 9");
    assertCorrupt(Arrays.copyOf(good, good.length - 1), "cut off");
    assertCorrupt(Arrays.copyOf(good, good.length + 1), "1 bytes after the last event");
    // claims 100,000 events in 2 bytes
    assertCorrupt(
        new byte[] {1, (byte) 0xa0, (byte) 0x8d, 0x06, (byte) 0xa0, (byte) 0x8d, 0x06},
        "100000 events in 0 bytes");
    // claims more events kept than the cap
    assertCorrupt(
        new byte[] {1, (byte) 0xff, (byte) 0xff, 0x7f, (byte) 0xa1, (byte) 0x8d, 0x06},
        "more than 100000");
    assertCorrupt(new byte[] {1, 1, 2, 0, 0}, "2 events kept of 1");
    // a varint that never ends
    byte[] endless = new byte[20];
    Arrays.fill(endless, (byte) 0xff);
    endless[0] = 1;
    assertCorrupt(endless, "larger than 63 bits");
    // two deltas whose sum overflows the offset range
    byte[] huge = {
      1,
      2,
      2,
      (byte) 0xfe,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      (byte) 0xff,
      0x7f,
      0x02
    };
    assertCorrupt(huge, "out of range");
  }

  private static void assertCorrupt(byte[] bytes, String why) {
    assertThatThrownBy(() -> EventTimes.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Corrupt event times: ")
        .hasMessageContaining(why);
  }
}
