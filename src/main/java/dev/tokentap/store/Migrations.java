package dev.tokentap.store;

import dev.tokentap.capture.CredentialFingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The schema, as numbered steps. {@code PRAGMA user_version} holds the number of the last step
 * applied; each step runs in its own transaction together with that bump, so a crash leaves the
 * database at a step boundary. Steps are only ever appended, never edited once released.
 */
final class Migrations {

  /**
   * One schema step.
   *
   * @param incrementalVacuum switch the file to {@code auto_vacuum=INCREMENTAL} before the step's
   *     transaction (a {@code VACUUM}, which rewrites the whole file, unless it is on already)
   * @param then what the step does after its statements, in the same transaction (filling a new
   *     table from the stored rows); it may tell the user how far it is
   */
  record Migration(
      int version,
      String description,
      List<String> statements,
      boolean incrementalVacuum,
      Step then) {
    Migration(int version, String description, List<String> statements) {
      this(version, description, statements, false, Step.NONE);
    }

    Migration(int version, String description, List<String> statements, boolean incrementalVacuum) {
      this(version, description, statements, incrementalVacuum, Step.NONE);
    }
  }

  /** Java work of a step, in its transaction. */
  @FunctionalInterface
  interface Step {
    Step NONE = (c, progress) -> {};

    void run(Connection c, Consumer<String> progress) throws SQLException;
  }

  /** What one capture row takes in the file: its stored (compressed) blobs and header texts. */
  static final String CAPTURE_BYTES =
      "(coalesce(length(%1$s.request_body), 0) + coalesce(length(%1$s.response_body), 0)"
          + " + length(CAST(%1$s.request_headers AS BLOB))"
          + " + length(CAST(%1$s.response_headers AS BLOB)))";

  /**
   * A rollup table ({@link RollupTable}): both have these columns; {@code rollups} keeps the client
   * columns NULL.
   */
  private static final String ROLLUPS_TABLE =
      """
                  CREATE TABLE %s (
                    level             INTEGER NOT NULL CHECK (level IN (1, 10, 60, 1440)),
                    start             INTEGER NOT NULL,
                    model             TEXT,
                    endpoint          TEXT NOT NULL,
                    outcome           TEXT NOT NULL,
                    user_agent        TEXT,
                    address           TEXT,
                    credential_fp     TEXT,
                    requests          INTEGER NOT NULL,
                    prompt_tokens     INTEGER,
                    cached_tokens     INTEGER,
                    completion_tokens INTEGER,
                    prompt_both       INTEGER,
                    cached_both       INTEGER,
                    usage_missing     INTEGER NOT NULL,
                    gen_tps           BLOB,
                    prompt_tps        BLOB,
                    ttft_ms           BLOB,
                    duration_ms       BLOB,
                    first_at          INTEGER NOT NULL,
                    last_at           INTEGER NOT NULL
                  )""";

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "exchanges, captures, meta",
              List.of(
                  """
                  CREATE TABLE meta (
                    key   TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                  ) WITHOUT ROWID""",
                  """
                  CREATE TABLE exchanges (
                    id                INTEGER PRIMARY KEY,
                    started_at        INTEGER NOT NULL,
                    method            TEXT NOT NULL,
                    path              TEXT NOT NULL,
                    model             TEXT,
                    status            INTEGER,
                    streamed          INTEGER NOT NULL CHECK (streamed IN (0, 1)),
                    ttft_ms           REAL,
                    duration_ms       REAL NOT NULL,
                    prompt_tokens     INTEGER,
                    cached_tokens     INTEGER,
                    completion_tokens INTEGER,
                    prompt_tps        REAL,
                    gen_tps           REAL,
                    request_bytes     INTEGER NOT NULL,
                    response_bytes    INTEGER NOT NULL,
                    outcome           TEXT NOT NULL,
                    error             TEXT,
                    query             TEXT,
                    endpoint          TEXT NOT NULL,
                    finish_reason     TEXT,
                    max_gap_ms        REAL,
                    event_count       INTEGER,
                    usage_reported    INTEGER NOT NULL CHECK (usage_reported IN (0, 1)),
                    client_address    TEXT,
                    user_agent        TEXT,
                    credential_fp     TEXT,
                    upstream          TEXT
                  )""",
                  "CREATE INDEX exchanges_started_at ON exchanges (started_at)",
                  "CREATE INDEX exchanges_model ON exchanges (model)",
                  """
                  CREATE TABLE captures (
                    exchange_id         INTEGER PRIMARY KEY
                                        REFERENCES exchanges (id) ON DELETE CASCADE,
                    request_headers     TEXT NOT NULL,
                    response_headers    TEXT NOT NULL,
                    request_body        BLOB,
                    response_body       BLOB,
                    request_body_bytes  INTEGER,
                    response_body_bytes INTEGER,
                    request_truncated   INTEGER NOT NULL DEFAULT 0,
                    response_truncated  INTEGER NOT NULL DEFAULT 0,
                    request_encoding    TEXT,
                    response_encoding   TEXT,
                    request_decoded     INTEGER NOT NULL DEFAULT 1,
                    response_decoded    INTEGER NOT NULL DEFAULT 1,
                    redactions          INTEGER NOT NULL DEFAULT 0
                  )""")),
          new Migration(
              2,
              "incremental auto-vacuum; running total of capture bytes",
              List.of(
                  """
                  CREATE TABLE capture_totals (
                    id       INTEGER PRIMARY KEY CHECK (id = 1),
                    captures INTEGER NOT NULL,
                    bytes    INTEGER NOT NULL
                  )""",
                  "INSERT INTO capture_totals (id, captures, bytes) SELECT 1, count(*), coalesce(sum("
                      + CAPTURE_BYTES.formatted("captures")
                      + "), 0) FROM captures",
                  "CREATE TRIGGER capture_totals_insert AFTER INSERT ON captures BEGIN"
                      + " UPDATE capture_totals SET captures = captures + 1, bytes = bytes + "
                      + CAPTURE_BYTES.formatted("NEW")
                      + " WHERE id = 1; END",
                  "CREATE TRIGGER capture_totals_delete AFTER DELETE ON captures BEGIN"
                      + " UPDATE capture_totals SET captures = captures - 1, bytes = bytes - "
                      + CAPTURE_BYTES.formatted("OLD")
                      + " WHERE id = 1; END",
                  "CREATE TRIGGER capture_totals_update AFTER UPDATE ON captures BEGIN"
                      + " UPDATE capture_totals SET bytes = bytes - "
                      + CAPTURE_BYTES.formatted("OLD")
                      + " + "
                      + CAPTURE_BYTES.formatted("NEW")
                      + " WHERE id = 1; END"),
              true),
          new Migration(
              3,
              "event_times: each stream event's arrival",
              List.of(
                  """
                  CREATE TABLE event_times (
                    exchange_id INTEGER PRIMARY KEY
                                REFERENCES exchanges (id) ON DELETE CASCADE,
                    times       BLOB NOT NULL
                  )""")),
          new Migration(
              4,
              "rollups and client_rollups: per-minute, 10-minute, hour and day sums and distributions",
              List.of(
                  ROLLUPS_TABLE.formatted("rollups"),
                  "CREATE INDEX rollups_key ON rollups (" + RollupWriter.KEY_COLUMNS + ")",
                  ROLLUPS_TABLE.formatted("client_rollups"),
                  "CREATE INDEX client_rollups_key ON client_rollups ("
                      + RollupWriter.KEY_COLUMNS
                      + ")"),
              false,
              RollupWriter::build),
          new Migration(
              5,
              "conversations and cache misses: conversation_id, turn, cache_miss, cache_note,"
                  + " cache_lost_tokens",
              List.of(
                  "ALTER TABLE exchanges ADD COLUMN conversation_id TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE exchanges ADD COLUMN turn INTEGER",
                  "ALTER TABLE exchanges ADD COLUMN cache_miss TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE exchanges ADD COLUMN cache_note TEXT NOT NULL DEFAULT ''",
                  "ALTER TABLE exchanges ADD COLUMN cache_lost_tokens INTEGER",
                  "CREATE INDEX exchanges_conversation ON exchanges (conversation_id, turn)"
                      + " WHERE conversation_id <> ''",
                  "CREATE INDEX exchanges_cache_miss ON exchanges (started_at)"
                      + " WHERE cache_miss <> ''")),
          new Migration(
              6,
              "exchanges.replay_of: the id of the exchange a replay sent again (no foreign key:"
                  + " the original may be pruned; no index: nothing looks rows up by it)",
              List.of("ALTER TABLE exchanges ADD COLUMN replay_of INTEGER")),
          new Migration(
              7,
              "capture_text: full-text index (FTS5, unicode61) over captured prompts and answers",
              SearchIndex.STATEMENTS,
              false,
              SearchIndex::build));

  /**
   * The oldest schema this build reads without migrating (read-only opens: exports, {@code
   * --from}): version 2 only added {@code capture_totals} and auto-vacuum, which reads never need;
   * version 3 added {@code event_times}, and a file without it reads as having no event times;
   * version 5 added the conversation columns, and a file without them reads as a history of no
   * conversations, and one without {@code replay_of} as one of no replays ({@link
   * ExchangeRows#select(Connection)}).
   */
  static final int OLDEST_READABLE = 1;

  /** The schema version this build writes. */
  static final int LATEST = ALL.getLast().version();

  static final String APP = "tokentap";

  private Migrations() {}

  static int userVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Applies the steps after {@code from}, each in one transaction; seeds meta with step 1. A long
   * step tells {@code progress} how far it is.
   */
  static void migrate(Connection c, int from, Consumer<String> progress) throws SQLException {
    migrate(c, from, ALL, progress);
  }

  /** As {@link #migrate(Connection, int, List, Consumer)}, quietly. */
  static void migrate(Connection c, int from, List<Migration> chain) throws SQLException {
    migrate(c, from, chain, line -> {});
  }

  /** Applies the steps of {@code chain} after {@code from} (tests pass a longer chain). */
  static void migrate(Connection c, int from, List<Migration> chain, Consumer<String> progress)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      if (from == 0) {
        // a new file: incremental auto-vacuum costs nothing before the first table exists
        s.execute("PRAGMA auto_vacuum = INCREMENTAL");
      }
      for (Migration m : chain) {
        if (m.version() <= from) {
          continue;
        }
        if (m.incrementalVacuum() && autoVacuum(c) != AUTO_VACUUM_INCREMENTAL) {
          // Only a VACUUM can switch a file that has tables; it rewrites the whole file once
          // (outside any transaction; a crash before the step commits just repeats it).
          s.execute("PRAGMA auto_vacuum = INCREMENTAL");
          s.execute("VACUUM");
        }
        s.execute("BEGIN IMMEDIATE");
        try {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          m.then().run(c, progress);
          if (m.version() == 1) {
            seedMeta(c);
          }
          putMeta(c, "schema_version", Integer.toString(m.version()));
          s.execute("PRAGMA user_version = " + m.version());
          s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          try {
            s.execute("ROLLBACK");
          } catch (SQLException alreadyRolledBack) {
            e.addSuppressed(alreadyRolledBack);
          }
          throw e;
        }
      }
    }
  }

  static final int AUTO_VACUUM_INCREMENTAL = 2;

  /** Whether {@code schema} ({@code main}, or an attached name) has the table {@code name}. */
  static boolean hasTable(Connection c, String schema, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** {@code PRAGMA auto_vacuum}: 0 none, 1 full, 2 incremental. */
  static int autoVacuum(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA auto_vacuum")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void seedMeta(Connection c) throws SQLException {
    putMeta(c, "app", APP);
    putMeta(c, "created_at", Long.toString(System.currentTimeMillis()));
    putMeta(c, "fingerprint_salt", HexFormat.of().formatHex(CredentialFingerprint.newSalt()));
  }

  static void putMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  /** The meta value of {@code key}, or null. */
  static String meta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
