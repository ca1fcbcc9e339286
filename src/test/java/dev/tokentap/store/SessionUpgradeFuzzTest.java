package dev.tokentap.store;

import static dev.tokentap.store.TestExchanges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import dev.tokentap.fuzz.Bombs;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.model.Exchange;
import dev.tokentap.testing.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes opening a session file ({@link ExchangeStore#openSession}, which upgrades an older schema
 * in a copy through {@link SessionUpgrade}) and reading everything the window reads of it. The
 * files are real session files (current format, and format 1 that must be upgraded), damaged: odd
 * values written into any column of any table (text for numbers, huge and negative numbers, blobs
 * that are not zstd or are zstd claiming gigabytes, header lists that are not, odd versions in
 * {@code meta} and {@code user_version}), bytes flipped, or the file cut short. Opening and reading
 * either work or fail with the one-line {@link StoreException}.
 */
@AddLifecycleHook(FuzzSettings.class)
class SessionUpgradeFuzzTest {

  /** One odd value written into row {@code row} (mod the rows) of a column of a table. */
  record SqlEdit(int table, int column, int row, int value) {}

  @Property(tries = 60)
  void aDamagedSessionFileOpensOrSaysWhyInOneLine(
      @ForAll("formats") String format,
      @ForAll("sqlEdits") List<SqlEdit> sqlEdits,
      @ForAll("byteEdits") List<Mutations.Edit> byteEdits)
      throws Exception {
    Path dir = Files.createTempDirectory("session-fuzz-");
    try {
      Path file = dir.resolve("fuzz.tokentap");
      Files.write(file, SeedSessions.get(format));
      applySqlEdits(file, sqlEdits);
      Files.write(file, Mutations.apply(Files.readAllBytes(file), byteEdits));
      Path work = Files.createDirectory(dir.resolve("work"));
      try (ExchangeStore store = ExchangeStore.openSession(file, work)) {
        readEverything(store);
      } catch (StoreException expected) {
        assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
      }
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * What the window reads of an opened session: tiles, charts, table pages, inspector. Each read
   * may fail on its own (with a one-line {@link StoreException}) without stopping the others, as a
   * damaged row in the window spoils its own view only.
   */
  static void readEverything(ExchangeStore store) {
    attempt(() -> store.meta(ExchangeStore.SESSION_FORMAT_KEY));
    attempt(store::summary);
    attempt(store::count);
    attempt(() -> store.rangeStats(ExchangeFilter.ALL));
    attempt(() -> store.modelStats(ExchangeFilter.ALL));
    attempt(() -> store.timeBuckets(ExchangeFilter.ALL, Duration.ofHours(1), 5));
    attempt(() -> store.recent(1000));
    for (long id = 0; id <= 7; id++) {
      long x = id;
      attempt(() -> store.exchange(x));
      attempt(() -> store.capture(x));
      attempt(() -> store.eventTimes(x));
    }
  }

  private static void attempt(Supplier<?> read) {
    try {
      read.get();
    } catch (StoreException expected) {
      assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  private static final String[] TABLES = {"exchanges", "captures", "event_times", "meta"};

  private static void applySqlEdits(Path file, List<SqlEdit> edits) throws SQLException {
    if (edits.isEmpty()) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA ignore_check_constraints = ON");
      for (SqlEdit e : edits) {
        if (e.table() == TABLES.length) {
          s.execute(
              "PRAGMA user_version = "
                  + USER_VERSIONS[Math.floorMod(e.value(), USER_VERSIONS.length)]);
          continue;
        }
        String table = TABLES[e.table()];
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
          while (rs.next()) {
            columns.add(rs.getString("name"));
          }
        }
        if (columns.isEmpty()) {
          continue; // event_times of a format 1 file
        }
        String column = columns.get(Math.floorMod(e.column(), columns.size()));
        List<Object> keys = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT rowid FROM " + table + " ORDER BY rowid")) {
          while (rs.next()) {
            keys.add(rs.getObject(1));
          }
        } catch (SQLException withoutRowid) {
          try (ResultSet rs = s.executeQuery("SELECT key FROM " + table + " ORDER BY key")) {
            while (rs.next()) {
              keys.add(rs.getObject(1));
            }
          }
        }
        if (keys.isEmpty()) {
          continue;
        }
        String keyColumn = table.equals("meta") ? "key" : "rowid";
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE OR IGNORE "
                    + table
                    + " SET "
                    + column
                    + " = ? WHERE "
                    + keyColumn
                    + " = ?")) {
          ps.setObject(1, OddValues.forColumn(column, e.value()));
          ps.setObject(2, keys.get(Math.floorMod(e.row(), keys.size())));
          ps.executeUpdate();
        } catch (SQLException constraint) {
          // NOT NULL and the like: the value cannot be written, the file stays as it was
        }
      }
    }
  }

  private static final String[] USER_VERSIONS = {"0", "1", "2", "3", "4", "99", "-1", "2147483647"};

  /** Values that do not belong where they are written. */
  static final class OddValues {
    private static List<Object> values;

    static synchronized Object get(int index) {
      if (values == null) {
        values = build();
      }
      return values.get(Math.floorMod(index, values.size()));
    }

    /**
     * Mostly a blob for a blob column (bodies, event times), a header list for a header column,
     * else any odd value.
     */
    static synchronized Object forColumn(String column, int index) {
      get(0); // built
      if (column.endsWith("_headers") && index % 4 != 0) {
        return values.get(FIRST_HEADERS + Math.floorMod(index, FIRST_BLOB - FIRST_HEADERS));
      }
      if ((column.endsWith("_body") || column.equals("times")) && index % 4 != 0) {
        return values.get(FIRST_BLOB + Math.floorMod(index, values.size() - FIRST_BLOB));
      }
      return get(index);
    }

    private static final int FIRST_HEADERS = 13;
    private static final int FIRST_BLOB = 19;

    private static List<Object> build() {
      List<Object> v = new ArrayList<>();
      v.add(null);
      v.add("");
      v.add("x");
      v.add("bogus");
      v.add("[REDACTED]");
      v.add("99");
      v.add("1");
      v.add(0L);
      v.add(-1L);
      v.add(Long.MAX_VALUE);
      v.add(Long.MIN_VALUE);
      v.add(1e308);
      v.add(-0.5);
      // FIRST_HEADERS: header lists that are not
      v.add("[[\"a\"]]");
      v.add("[[\"a\",null]]");
      v.add("null");
      v.add("{}");
      v.add("[[1,2],[true,{}]]");
      v.add("[" + "[".repeat(5000) + "]".repeat(5000) + "]");
      // FIRST_BLOB: bodies and event times that are not
      v.add(new byte[0]);
      v.add(new byte[] {0, 1, 2, 3});
      v.add("not zstd at all".getBytes(StandardCharsets.US_ASCII));
      v.add(zstdClaiming(Integer.MAX_VALUE - 16L)); // a frame header claiming 2 GiB
      v.add(zstdClaiming(1L << 40)); // ... and one claiming a TiB
      v.add(Bombs.zstd(16)); // a real 16 MiB frame, content size declared
      v.add(unsizedZstdBomb(1024)); // a gibibyte, size not declared
      return v;
    }

    /** A zstd frame whose header claims {@code size} bytes of content, holding one byte. */
    static byte[] zstdClaiming(long size) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}); // magic
      out.write(0xE0); // frame header: single segment, 8-byte content size
      for (int i = 0; i < 8; i++) {
        out.write((int) (size >>> (8 * i)));
      }
      out.writeBytes(new byte[] {0x09, 0x00, 0x00, 'x'}); // a last raw block of one byte
      return out.toByteArray();
    }

    /** A zstd stream of {@code mebibytes} MiB of one byte, its size not in the frame header. */
    static byte[] unsizedZstdBomb(int mebibytes) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZstdOutputStream z = new ZstdOutputStream(out, 1)) {
        byte[] mib = new byte[1 << 20];
        for (int i = 0; i < mebibytes; i++) {
          z.write(mib);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }

  /** Real session files, written once per JVM by the store from the recorded exchanges. */
  static final class SeedSessions {
    private static byte[] current;
    private static byte[] formatOne;
    private static byte[] noBodies;

    static synchronized byte[] get(String format) throws Exception {
      if (current == null) {
        write();
      }
      return switch (format) {
        case "format 1" -> formatOne;
        case "no bodies" -> noBodies;
        default -> current;
      };
    }

    private static void write() throws Exception {
      Path dir = Files.createTempDirectory("session-seeds-");
      try {
        try (ExchangeStore store = ExchangeStore.open(dir.resolve("data"))) {
          try (Recorder r = store.startRecorder(RecorderSettings.defaults())) {
            long id = 1;
            for (String name :
                List.of(
                    "chat_stream",
                    "chat_nonstream",
                    "anthropic_messages_stream",
                    "error_context_overflow",
                    "embeddings_v1_single")) {
              Fixture f = Seeds.fixture(name);
              Exchange e =
                  TestExchanges.withBodies(
                      TestExchanges.chat(id, T0 + id * 1000), f.requestBody(), f.responseBody());
              if (f.streamed()) {
                e = TestExchanges.withEventTimes(e, TestExchanges.streamTimes(f.events().size()));
              }
              r.offer(e);
              id++;
            }
            r.flush(Duration.ofSeconds(30));
          }
          Path a = dir.resolve("a.tokentap");
          Path b = dir.resolve("b.tokentap");
          Path c = dir.resolve("c.tokentap");
          store.writeSession(a, ExchangeFilter.ALL, n -> {});
          store.writeSession(b, ExchangeFilter.ALL, n -> {});
          store.writeSession(c, ExchangeFilter.ALL, false, n -> {});
          SessionUpgradeTest.downgradeToFormatOne(b);
          current = Files.readAllBytes(a);
          formatOne = Files.readAllBytes(b);
          noBodies = Files.readAllBytes(c);
        }
      } finally {
        deleteTree(dir);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Provide
  Arbitrary<String> formats() {
    return Arbitraries.of("current", "format 1", "no bodies");
  }

  @Provide
  Arbitrary<List<SqlEdit>> sqlEdits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, TABLES.length),
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(0, 10),
            Arbitraries.integers().between(0, 40))
        .as(SqlEdit::new)
        .list()
        .ofMaxSize(4);
  }

  /** Mostly none: most flipped bytes make SQLite refuse the file before TokenTap reads a row. */
  @Provide
  Arbitrary<List<Mutations.Edit>> byteEdits() {
    return Arbitraries.oneOf(
        Arbitraries.just(List.of()), Arbitraries.just(List.of()), Mutations.edits(3));
  }
}
