package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, simulated with {@code PRAGMA max_page_count} on the writer's connection: SQLite then
 * fails writes with SQLITE_FULL. Batches that do not fit are retried once, counted as failed and
 * logged; the writer thread goes on; rows stored before stay.
 */
class DiskFullTest {

  @TempDir Path dir;

  @Test
  void writesFailButTheThreadGoesOnAndStoredRowsSurvive() throws Exception {
    TestExchanges.RecordingLogger log = new TestExchanges.RecordingLogger();
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r =
          store.startRecorder(
              RecorderSettings.defaults().withLogger(log),
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                  rs.next();
                  s.execute("PRAGMA max_page_count = " + (rs.getLong(1) + 40));
                }
              });
      for (int i = 1; i <= 10; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.writtenCount()).isEqualTo(10);

      // 1 MiB of noise does not compress: it cannot fit in 40 pages
      byte[] noise = new byte[1 << 20];
      new Random(7).nextBytes(noise);
      r.offer(TestExchanges.withBodies(TestExchanges.chat(11, T0 + 11), noise, noise));
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.failedCount()).isEqualTo(1);
      assertThat(log.messages)
          .anyMatch(m -> m.startsWith("WARNING") && m.contains("retrying once"))
          .anyMatch(m -> m.startsWith("ERROR") && m.contains("Could not store exchanges 11..11"));

      // the thread is still there and still writing
      r.offer(TestExchanges.withBodies(TestExchanges.chat(12, T0 + 12), null, null));
      assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(r.writtenCount() + r.failedCount()).isEqualTo(12);
      assertThat(store.count()).isEqualTo(r.writtenCount());
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(store.count()).isBetween(10L, 11L);
      assertThat(store.exchange(10)).isPresent();
      assertThat(store.capture(10)).isPresent();
      assertThat(store.exchange(11)).isEmpty();
    }
    try (Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM exchanges LEFT JOIN captures ON exchange_id = id"
                    + " WHERE exchange_id IS NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).as("exchanges stored without their capture").isZero();
    }
  }
}
