package dev.tokentap.store;

import static dev.tokentap.store.RecordingHealsTest.awaitTrue;
import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.testing.SmallFileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A data dir on a real file system of 4 MiB (a tmpfs, where the test may mount one: as root on
 * Linux, as on CI), filled up by another file: recording stops with "disk full", holds what
 * arrives, and writes all of it once the other file is deleted, with no restart.
 */
class RealFullDiskTest {

  @RegisterExtension final SmallFileSystem disk = SmallFileSystem.ofSize("4m");

  @Test
  void aFullDiskStopsRecordingAndFreedSpaceStartsItAgain() throws Exception {
    TestExchanges.RecordingLogger log = new TestExchanges.RecordingLogger();
    Path dataDir = disk.root().resolve("data");
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      Recorder r =
          store.startRecorder(
              RecorderSettings.defaults().withLogger(log).withRetention(RetentionPolicy.KEEP_ALL));
      for (int i = 1; i <= 5; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();

      disk.fill();
      byte[] noise = new byte[8 * 1024]; // does not compress
      Random random = new Random(3);
      for (int i = 6; i <= 40; i++) {
        random.nextBytes(noise);
        r.offer(TestExchanges.withBodies(TestExchanges.chat(i, T0 + i), noise, noise));
      }
      awaitTrue(() -> !r.status().recording());
      assertThat(r.status().problem()).isEqualTo("disk full");
      assertThat(r.flush(Duration.ofSeconds(1))).isFalse();

      disk.free();
      assertThat(r.flush(Duration.ofSeconds(60))).as("%s %s", r.status(), log.messages).isTrue();
      assertThat(r.status().recording()).isTrue();
      assertThat(r.writtenCount()).isEqualTo(40);
      assertThat(store.count()).isEqualTo(40);
      assertThat(store.capture(40).orElseThrow().response().bytes()).isEqualTo(noise);
    }
    assertThat(log.messages.stream().filter(m -> m.contains("Not recording: disk full")))
        .hasSize(1);
    assertThat(log.messages).anyMatch(m -> m.contains("Recording again"));
  }
}
