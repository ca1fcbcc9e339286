package dev.tokentap.testing;

import dev.tokentap.store.ExchangeStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

/** A data dir whose store {@link ExchangeStore#open} created, filled with rows by plain SQL. */
public final class SyntheticStore {

  public static final long T0 = 1_795_860_000_000L; // 2026-11-28T10:00:00Z

  private SyntheticStore() {}

  /**
   * Creates the store in {@code dataDir} and inserts {@code n} exchanges, ids 1..n, one a second
   * from {@link #T0}; odd ids are model {@code tiny}, even ones {@code big}. Returns the db file.
   */
  public static Path create(Path dataDir, int n) throws Exception {
    return create(dataDir, n, T0);
  }

  /**
   * Makes the store in {@code dataDir} (created when missing) a history from before the rollups
   * (schema 3), so that rows inserted by plain SQL are summed up by the migration the next {@link
   * ExchangeStore#open} runs, as a user's existing history is. Returns the db file.
   */
  public static Path beforeRollups(Path dataDir) throws Exception {
    ExchangeStore.open(dataDir).close();
    Path db = dataDir.resolve(ExchangeStore.DATABASE_FILE);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS rollups");
      s.execute("DROP TABLE IF EXISTS client_rollups");
      undoSchemasAfterFour(s);
      s.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
      s.execute("PRAGMA user_version = 3");
    }
    return db;
  }

  /**
   * Takes what steps 5 and later added out of a database (replay_of, the conversation columns and
   * their indexes, the search index), for tests that make a file of an older schema from one of
   * this build (the steps then add them again).
   */
  public static void undoSchemasAfterFour(Statement s) throws java.sql.SQLException {
    s.execute("DROP TRIGGER IF EXISTS capture_text_delete"); // schema 7: the search index
    s.execute("DROP TABLE IF EXISTS capture_text");
    s.execute("ALTER TABLE exchanges DROP COLUMN replay_of"); // schema 6
    s.execute("DROP INDEX IF EXISTS exchanges_conversation"); // schema 5
    s.execute("DROP INDEX IF EXISTS exchanges_cache_miss");
    for (String column :
        List.of("conversation_id", "turn", "cache_miss", "cache_note", "cache_lost_tokens")) {
      s.execute("ALTER TABLE exchanges DROP COLUMN " + column);
    }
  }

  /** As {@link #create(Path, int)}, one exchange a second from {@code t0} (epoch ms). */
  public static Path create(Path dataDir, int n, long t0) throws Exception {
    Path db = createBeforeRollups(dataDir, n, t0);
    ExchangeStore.open(dataDir).close(); // sums them up
    return db;
  }

  /**
   * The rows of {@link #create(Path, int, long)} in a history from before the rollups (schema 3),
   * not summed up: as a user's history is until the next {@link ExchangeStore#open}.
   */
  public static Path createBeforeRollups(Path dataDir, int n, long t0) throws Exception {
    Path db = beforeRollups(dataDir);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,
                  ttft_ms, duration_ms, prompt_tokens, cached_tokens, completion_tokens,
                  prompt_tps, gen_tps, request_bytes, response_bytes, outcome, error, endpoint,
                  usage_reported)
                SELECT i, ? + i * 1000, 'POST', '/v1/chat/completions',
                  CASE WHEN i % 2 = 1 THEN 'tiny' ELSE 'big' END, 200, i % 2,
                  CASE WHEN i % 2 = 1 THEN 12.5 + i ELSE NULL END, 300.25 + i, 30 + i % 7,
                  i % 5, 32, 1234.5678, 55.125, 400 + i % 100, 2000 + i % 1000, 'ok', NULL,
                  'chat', 1
                FROM n""")) {
      ps.setInt(1, n);
      ps.setLong(2, t0);
      ps.executeUpdate();
    }
    return db;
  }

  /** Gives every exchange a capture with these (plain) bodies, stored zstd as TokenTap does. */
  public static void captureAll(Path db, byte[] request, byte[] response) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                """
                INSERT INTO captures (exchange_id, request_headers, response_headers,
                  request_body, response_body, request_body_bytes, response_body_bytes)
                SELECT id, '[]', '[]', ?, ?, ?, ? FROM exchanges""")) {
      ps.setBytes(1, dev.tokentap.capture.ZstdCodec.compress(request));
      ps.setBytes(2, dev.tokentap.capture.ZstdCodec.compress(response));
      ps.setLong(3, request.length);
      ps.setLong(4, response.length);
      ps.executeUpdate();
    }
  }

  /** Inserts one more row with the texts given (status NULL, metrics unknown). */
  public static void insert(Path db, long id, String model, String error) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                """
                INSERT INTO exchanges (id, started_at, method, path, model, status, streamed,
                  duration_ms, request_bytes, response_bytes, outcome, error, endpoint,
                  usage_reported)
                VALUES (?, ?, 'POST', '/v1/chat/completions', ?, NULL, 0, 0.00001, 10, 0,
                  'upstream_unavailable', ?, 'chat', 0)""")) {
      ps.setLong(1, id);
      ps.setLong(2, T0 + 123);
      ps.setString(3, model);
      ps.setString(4, error);
      ps.executeUpdate();
    }
  }
}
