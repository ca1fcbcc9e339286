package dev.tokentap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the fuzz tests ({@code *FuzzTest} in this package) once failed on, replayed exactly: each
 * test names the property and the sample that found it. The file is the real session file the fuzz
 * test starts from (five recorded exchanges with captures), with one value written into it as the
 * sample did.
 */
class StoreFuzzRegressionTest {

  @TempDir Path dir;

  /** SessionUpgradeFuzzTest, SqlEdit[table=1, column=3, row=0, value=2]: a body 'x', not zstd. */
  @Test
  void aCaptureBodyThatIsNotZstdIsADamagedCaptureNotAnUncheckedIoException() throws Exception {
    Path file = session("UPDATE captures SET request_body = ? WHERE rowid = 1", "x");
    assertDamagedCapture(file);
  }

  /**
   * SessionUpgradeFuzzTest, SqlEdit[table=1, column=1, row=0, value=40]: request headers {@code
   * [["a",null]]} threw a NullPointerException (a header needs a value).
   */
  @Test
  void aHeaderListWithANullIsADamagedCapture() throws Exception {
    Path file =
        session("UPDATE captures SET request_headers = ? WHERE rowid = 1", "[[\"a\",null]]");
    assertDamagedCapture(file);
    Path nullList = session("UPDATE captures SET request_headers = ? WHERE rowid = 1", "null");
    assertDamagedCapture(nullList);
  }

  /**
   * SessionUpgradeFuzzTest, SqlEdit[table=0, column=16, row=0, value=1]: an outcome '' (no outcome
   * this build knows) escaped from reading the table as an IllegalArgumentException.
   */
  @Test
  void anUnknownOutcomeIsADamagedRow() throws Exception {
    Path file = session("UPDATE exchanges SET outcome = ? WHERE rowid = 1", "");
    try (ExchangeStore store = ExchangeStore.openSession(file, work())) {
      assertThatThrownBy(() -> store.recent(10))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("exchange 1 is damaged: unknown outcome");
      assertThat(store.exchange(2)).isPresent();
    }
  }

  /**
   * SessionUpgradeFuzzTest (longer run), SqlEdit[table=1, column=3, row=0, value=1]: an empty body
   * blob made zstd-jni throw ArrayIndexOutOfBoundsException.
   */
  @Test
  void anEmptyCaptureBodyIsADamagedCapture() throws Exception {
    Path file = session("UPDATE captures SET request_body = ? WHERE rowid = 1", new byte[0]);
    assertDamagedCapture(file);
  }

  /**
   * SessionUpgradeFuzzTest, SqlEdit[table=1, column=3, row=0, value=3]: 17 bytes of zstd whose
   * header claims 2 GiB of content. Reading it allocated the 2 GiB and ran out of memory (in
   * TokenTap's window: the whole JVM, forwarder included). Bodies are now read up to an eighth of
   * the heap.
   */
  @Test
  void aZstdFrameClaimingGigabytesIsRefusedNotAllocated() throws Exception {
    byte[] frame = SessionUpgradeFuzzTest.OddValues.zstdClaiming(Integer.MAX_VALUE - 16L);
    Path file = session("UPDATE captures SET request_body = ? WHERE rowid = 1", frame);
    assertDamagedCapture(file);
  }

  /**
   * SessionUpgradeFuzzTest (longer run, seed 9099223196166886646), SqlEdit[table=1, column=3,
   * row=0, value=13]: 32 KiB of zstd, its size not declared, expanding to 1 GiB: read whole, it ran
   * out of memory.
   */
  @Test
  void aZstdBombIsReadNoFurtherThanTheBound() throws Exception {
    byte[] bomb = SessionUpgradeFuzzTest.OddValues.unsizedZstdBomb(1024);
    Path file = session("UPDATE captures SET request_body = ? WHERE rowid = 1", bomb);
    assertDamagedCapture(file);
  }

  private void assertDamagedCapture(Path file) throws Exception {
    try (ExchangeStore store = ExchangeStore.openSession(file, work())) {
      assertThatThrownBy(() -> store.capture(1))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("the capture of exchange 1 is damaged")
          .hasMessageNotContaining("\n");
      assertThat(store.capture(2)).isPresent();
      assertThat(store.recent(10)).hasSize(5);
    }
  }

  /** The fuzz test's seed session, with {@code sql} run on it with {@code value}. */
  private Path session(String sql, Object value) throws Exception {
    Path file = Files.createTempFile(dir, "s", ".tokentap");
    Files.write(file, SessionUpgradeFuzzTest.SeedSessions.get("current"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, value);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return file;
  }

  private Path work() throws Exception {
    return Files.createTempDirectory(dir, "work");
  }
}
