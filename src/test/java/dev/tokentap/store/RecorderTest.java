package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokentap.model.Exchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFullQueueDropsCountsAndLogsButNeverBlocks() throws Exception {
    CountDownLatch firstBatchSeen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestExchanges.RecordingLogger log = new TestExchanges.RecordingLogger();
    RecorderSettings settings =
        RecorderSettings.defaults()
            .withQueueCapacity(10)
            .withLogger(log)
            .withOnBatch(
                rows -> {
                  firstBatchSeen.countDown();
                  awaitQuietly(release); // the writer is stuck: nothing leaves the queue
                });
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(settings);
      assertThat(r.offer(TestExchanges.chat(1, T0))).isTrue();
      assertThat(firstBatchSeen.await(30, TimeUnit.SECONDS)).isTrue();

      int accepted = 0;
      long t0 = System.nanoTime();
      for (int i = 2; i <= 1001; i++) {
        if (r.offer(TestExchanges.chat(i, T0 + i))) {
          accepted++;
        }
      }
      long micros = (System.nanoTime() - t0) / 1000;
      System.out.printf("1000 offers against a full queue took %d us%n", micros);
      assertThat(accepted).isEqualTo(10);
      assertThat(r.droppedCount()).isEqualTo(990);

      release.countDown();
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.writtenCount()).isEqualTo(11);
      assertThat(store.count()).isEqualTo(11);
      assertThat(log.messages).anyMatch(m -> m.contains("queue full") && m.contains("990"));
    }
  }

  @Test
  void tooManyQueuedBodyBytesAlsoDrop() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults().withMaxQueuedBodyBytes(10));
      assertThat(r.offer(TestExchanges.chat(1, T0))).isFalse(); // its bodies alone are larger
      assertThat(r.offer(TestExchanges.withBodies(TestExchanges.chat(2, T0), null, null))).isTrue();
      r.flush(Duration.ofSeconds(30));
      assertThat(r.droppedCount()).isEqualTo(1);
      assertThat(r.writtenCount()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void tenThousandExchangesAreRecorded() throws Exception {
    int n = 10_000;
    List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r =
          store.startRecorder(
              RecorderSettings.defaults().withOnBatch(b -> batchSizes.add(b.rows().size())));
      long t0 = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        assertThat(r.offer(TestExchanges.chat(i, T0 + i))).isTrue();
      }
      long offered = System.nanoTime();
      assertThat(r.flush(Duration.ofSeconds(240))).isTrue();
      long done = System.nanoTime();
      double seconds = (done - t0) / 1e9;
      System.out.printf(
          "recorded %d exchanges (with captures) in %.2f s: %.0f rows/s; offering took %.1f ms;"
              + " %d batches, largest %d%n",
          n,
          seconds,
          n / seconds,
          (offered - t0) / 1e6,
          batchSizes.size(),
          batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0));
      assertThat(r.droppedCount()).isZero();
      assertThat(r.failedCount()).isZero();
      assertThat(store.count()).isEqualTo(n);
      assertThat(store.maxId()).isEqualTo(n);
    }
  }

  @Test
  void closeDrainsTheQueue() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      for (int i = 1; i <= 500; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
      r.close();
      assertThat(r.writtenCount()).isEqualTo(500);
      assertThat(r.offer(TestExchanges.chat(501, T0))).isFalse();
      assertThat(r.droppedCount()).isEqualTo(1);
      assertThat(store.count()).isEqualTo(500);
    }
  }

  @Test
  void aRefusedRowIsSkippedAndReportedWhileTheRestOfTheBatchIsStored() throws Exception {
    TestExchanges.RecordingLogger log = new TestExchanges.RecordingLogger();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults().withLogger(log));
      Exchange dup = TestExchanges.chat(1, T0);
      r.offer(dup);
      r.offer(dup); // same id twice: a forwarder bug, not a reason to lose the batch
      r.offer(TestExchanges.chat(2, T0));
      r.flush(Duration.ofSeconds(30));
      assertThat(r.writtenCount()).isEqualTo(2);
      assertThat(r.failedCount()).isEqualTo(1);
      assertThat(store.count()).isEqualTo(2);
      assertThat(log.messages).anyMatch(m -> m.contains("Exchange 1 not stored"));
    }
  }

  @Test
  void onlyOneRecorderAtATime() {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(RecorderSettings.defaults());
      org.assertj.core.api.Assertions.assertThatIllegalStateException()
          .isThrownBy(() -> store.startRecorder(RecorderSettings.defaults()));
      r.close();
      store.startRecorder(RecorderSettings.defaults()).close();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
