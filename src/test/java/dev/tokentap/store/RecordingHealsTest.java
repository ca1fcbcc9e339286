package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever makes a batch fail, recording recovers without a restart: what could not be written is
 * held (within bounds), retried on a fresh connection, and written once the store takes writes
 * again, none twice. A full disk is made here with {@code PRAGMA max_page_count} on each writer
 * connection ({@link RealFullDiskTest} uses a real small file system); the other faults are made as
 * an outside program would make them.
 */
class RecordingHealsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final TestExchanges.RecordingLogger log = new TestExchanges.RecordingLogger();
  private final List<RecorderStatus> statuses = new CopyOnWriteArrayList<>();

  @Test
  void aFullDiskHoldsEverythingAndFreedSpaceIsPickedUpBySelf() throws Exception {
    AtomicLong extraPages = new AtomicLong(40); // room left above the pages in use
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(settings(), c -> limitPages(c, extraPages.get()));
      for (int i = 1; i <= 10; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
      assertThat(r.flush(WAIT)).isTrue();

      // 1 MiB of noise does not compress: it cannot fit in 40 pages, and all after it waits
      r.offer(TestExchanges.withBodies(TestExchanges.chat(11, T0 + 11), noise(), noise()));
      awaitTrue(() -> !r.status().recording());
      for (int i = 12; i <= 30; i++) {
        r.offer(TestExchanges.chat(i, T0 + i));
      }
      awaitTrue(() -> r.status().waiting() == 20);
      assertThat(r.status().problem()).isEqualTo("disk full");
      assertThat(r.status().text())
          .isEqualTo(
              "Not recording: disk full — 20 exchanges waiting;"
                  + " freed space is picked up by itself");
      assertThat(store.count()).isEqualTo(10);
      Thread.sleep(1_500); // several retries fail meanwhile: said once, not once per retry

      extraPages.set(100_000); // space freed
      assertThat(r.flush(WAIT)).isTrue();
      assertThat(r.status().recording()).isTrue();
      assertThat(r.writtenCount()).isEqualTo(30);
      assertThat(r.failedCount() + r.droppedCount()).isZero();
      assertThat(store.count()).isEqualTo(30);
      assertThat(store.capture(11)).isPresent();
      assertThat(log.messages.stream().filter(m -> m.contains("Not recording"))).hasSize(1);
      assertThat(log.messages.stream().filter(m -> m.contains("Recording again"))).hasSize(1);
      assertThat(statuses.getFirst().problem()).isEqualTo("disk full");
      assertThat(statuses.getLast()).isEqualTo(RecorderStatus.RECORDING);
    }
    assertNoneTwiceAndEveryRowWhole(30);
  }

  @Test
  void beyondTheBoundTheOldestCapturesGoFirstThenTheOldestRows() throws Exception {
    AtomicBoolean readOnly = new AtomicBoolean(true);
    byte[] body = new byte[1_000];
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      // 5 rows, 4,000 body bytes held at most: two exchanges' bodies
      Recorder r =
          store.startRecorder(
              settings().withMaxHeld(5).withMaxQueuedBodyBytes(4_000),
              c -> {
                try (Statement s = c.createStatement()) {
                  s.execute("PRAGMA query_only = " + readOnly.get());
                }
              });
      r.offer(TestExchanges.withBodies(TestExchanges.chat(1, T0 + 1), body, body));
      awaitTrue(() -> !r.status().recording());
      for (int i = 2; i <= 7; i++) {
        // one at a time: the queue has the same byte bound, and would drop the rest itself
        assertThat(r.offer(TestExchanges.withBodies(TestExchanges.chat(i, T0 + i), body, body)))
            .isTrue();
        int held = Math.min(i, 5);
        int droppedRows = Math.max(0, i - 5);
        awaitTrue(() -> r.status().waiting() == held && r.status().droppedRows() == droppedRows);
      }
      // held in turn: the captures of 1 to 5 dropped for the bytes, rows 1 and 2 for the count
      assertThat(r.status().waiting()).isEqualTo(5);
      assertThat(r.status().droppedRows()).isEqualTo(2);
      assertThat(r.status().droppedCaptures()).isEqualTo(5);
      assertThat(r.status().text()).contains("(2 dropped, 5 captures dropped, to stay within");

      assertThat(r.status().problem()).isEqualTo("the database is read-only");

      readOnly.set(false);
      assertThat(r.flush(WAIT)).isTrue();
      assertThat(r.writtenCount()).isEqualTo(5);
      assertThat(r.droppedCount()).isEqualTo(2);
      assertThat(store.exchange(2)).isEmpty();
      assertThat(store.capture(5).orElseThrow().request()).isNull();
      assertThat(store.capture(6).orElseThrow().request().bytes()).hasSize(1_000);
    }
  }

  @Test
  void aDatabaseLockedByAnotherProgramIsWaitedFor() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(settings(), c -> shortBusyTimeout(c));
      r.offer(TestExchanges.chat(1, T0 + 1));
      assertThat(r.flush(WAIT)).isTrue();
      try (Connection other = TestExchanges.sqlite(dir);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // as sqlite3 holds it while a long write runs
        r.offer(TestExchanges.chat(2, T0 + 2));
        awaitTrue(() -> !r.status().recording());
        assertThat(r.status().problem()).isEqualTo("the database is locked by another program");
        s.execute("ROLLBACK");
      }
      assertThat(r.flush(WAIT)).isTrue();
      assertThat(r.status().recording()).isTrue();
      assertThat(store.count()).isEqualTo(2);
    }
  }

  @Test
  void aDeletedDataDirIsMadeAgainAndRecordingGoesOn() throws Exception {
    Path dataDir = dir.resolve("data");
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      Recorder r = store.startRecorder(settings());
      r.offer(TestExchanges.chat(1, T0 + 1));
      assertThat(r.flush(WAIT)).isTrue();

      try (var files = Files.list(dataDir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dataDir);

      r.offer(TestExchanges.chat(2, T0 + 2));
      r.offer(TestExchanges.chat(3, T0 + 3));
      assertThat(r.flush(WAIT)).isTrue();
      assertThat(r.writtenCount()).isEqualTo(3);
      assertThat(Files.isRegularFile(dataDir.resolve(ExchangeStore.DATABASE_FILE))).isTrue();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
          .isEqualTo("rwx------");
      for (String f : List.of(ExchangeStore.DATABASE_FILE, "tokentap.db-wal", "tokentap.lock")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(f))))
            .as(f)
            .isEqualTo("rw-------");
      }
      assertThat(store.count()).as("the read side follows to the new file").isEqualTo(2);
      assertThat(store.exchange(3)).isPresent();
      assertThat(log.messages).anyMatch(m -> m.contains("was deleted or replaced"));
    }
    try (ExchangeStore again = ExchangeStore.open(dataDir)) {
      assertThat(again.count()).isEqualTo(2);
    }
  }

  @Test
  void aDatabaseReplacedByAnotherFileIsRefusedUntilItIsMovedAway() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(settings());
      r.offer(TestExchanges.chat(1, T0 + 1));
      assertThat(r.flush(WAIT)).isTrue();

      Path db = dir.resolve(ExchangeStore.DATABASE_FILE);
      Path stranger = dir.resolve("stranger.db");
      Files.writeString(stranger, "not a database, just text that happens to be here\n");
      Files.move(stranger, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(dir.resolve(ExchangeStore.DATABASE_FILE + "-wal"));
      Files.deleteIfExists(dir.resolve(ExchangeStore.DATABASE_FILE + "-shm"));

      r.offer(TestExchanges.chat(2, T0 + 2));
      awaitTrue(() -> !r.status().recording());
      assertThat(r.status().problem()).contains("is not a SQLite database or is damaged");
      assertThat(Files.readString(db)).startsWith("not a database"); // left as it was

      Files.move(db, dir.resolve("moved-away.txt"));
      assertThat(r.flush(WAIT)).isTrue();
      assertThat(r.writtenCount()).isEqualTo(2);
      assertThat(store.exchange(2)).isPresent();
    }
  }

  @Test
  void closingOnAStoreThatNeverHealsGivesUpAndSaysSo() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      Recorder r = store.startRecorder(settings(), c -> limitPages(c, 0));
      r.offer(TestExchanges.withBodies(TestExchanges.chat(1, T0 + 1), noise(), noise()));
      r.offer(TestExchanges.chat(2, T0 + 2));
      awaitTrue(() -> r.status().waiting() == 2);
      r.close();
      assertThat(r.failedCount()).isEqualTo(2);
      assertThat(log.messages)
          .anyMatch(m -> m.startsWith("ERROR 2 exchanges were not recorded: disk full"));
    }
  }

  private RecorderSettings settings() {
    return RecorderSettings.defaults()
        .withLogger(log)
        .withOnStatus(statuses::add)
        .withRetention(RetentionPolicy.KEEP_ALL);
  }

  /** SQLite refuses to grow the file beyond the pages in use plus {@code extra}. */
  static void limitPages(Connection c, long extra) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA page_count")) {
      rs.next();
      s.execute("PRAGMA max_page_count = " + (rs.getLong(1) + extra));
    }
  }

  private static void shortBusyTimeout(Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 100");
    }
  }

  static byte[] noise() {
    byte[] noise = new byte[1 << 20];
    new Random(7).nextBytes(noise);
    return noise;
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  /** Ids 1..n each stored once, each with its capture. */
  private void assertNoneTwiceAndEveryRowWhole(int n) throws Exception {
    try (Connection db = TestExchanges.sqlite(dir);
        Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT id), min(id), max(id),"
                    + " sum(exchange_id IS NULL) FROM exchanges"
                    + " LEFT JOIN captures ON exchange_id = id")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(n);
      assertThat(rs.getInt(2)).isEqualTo(n);
      assertThat(rs.getInt(3)).isEqualTo(1);
      assertThat(rs.getInt(4)).isEqualTo(n);
      assertThat(rs.getInt(5)).as("rows without their capture").isZero();
    }
  }
}
