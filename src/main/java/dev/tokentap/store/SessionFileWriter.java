package dev.tokentap.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes a session file: a new SQLite file whose schema comes from the same {@link Migrations} as
 * the live store, into which SQLite itself copies the chosen rows of {@code exchanges}, their
 * {@code captures} (still redacted and compressed, byte for byte) and their {@code event_times}
 * from the source, attached read only. The copy runs in one transaction, so it sees one snapshot of
 * a store that is being written, in batches of ids, so progress can be reported and memory stays
 * flat.
 */
final class SessionFileWriter {

  /** The {@code meta} key holding the session format version. */
  static final String FORMAT_KEY = "session_format_version";

  /**
   * The session format this build writes. 1: schema 1 or 2. 2: schema 3, with {@code event_times}
   * ({@link SessionUpgrade} takes a format 1 file to 2: the table is added, empty).
   */
  static final int FORMAT_VERSION = 2;

  private static final int BATCH = 2_000;

  private static final List<String> CAPTURE_COLUMNS =
      List.of(
          "exchange_id",
          "request_headers",
          "response_headers",
          "request_body",
          "response_body",
          "request_body_bytes",
          "response_body_bytes",
          "request_truncated",
          "response_truncated",
          "request_encoding",
          "response_encoding",
          "request_decoded",
          "response_decoded",
          "redactions");

  private SessionFileWriter() {}

  /**
   * Copies the exchanges of {@code source} that {@code filter} takes into {@code target} (a new or
   * empty file), reporting the running count to {@code progress}. Returns how many were copied.
   * Without {@code withBodies} the captures keep their headers and sizes but no bodies (event times
   * are metrics, not bodies: they are always copied).
   */
  static long write(
      Path source, Path target, ExchangeFilter filter, boolean withBodies, LongConsumer progress)
      throws SQLException {
    try (Connection out = DriverManager.getConnection("jdbc:sqlite:" + target)) {
      try (Statement s = out.createStatement()) {
        // No journal or WAL beside the file: it is a temporary file until it is complete.
        s.execute("PRAGMA journal_mode = MEMORY");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("PRAGMA temp_store = MEMORY");
      }
      Migrations.migrate(out, Migrations.userVersion(out), Migrations.ALL);
      try (PreparedStatement attach = out.prepareStatement("ATTACH DATABASE ? AS src")) {
        attach.setString(1, source.toAbsolutePath().toUri() + "?mode=ro");
        attach.execute();
      }
      long copied;
      try (Statement s = out.createStatement()) {
        s.execute("BEGIN");
        try {
          copied =
              copy(
                  out,
                  filter,
                  withBodies,
                  Migrations.hasTable(out, "src", "event_times"),
                  progress);
          RollupWriter.build(out, line -> {});
          Migrations.putMeta(out, FORMAT_KEY, Integer.toString(FORMAT_VERSION));
          Migrations.putMeta(out, "exported_at", Long.toString(System.currentTimeMillis()));
          Migrations.putMeta(out, "exchange_count", Long.toString(copied));
          s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          try {
            s.execute("ROLLBACK");
          } catch (SQLException alreadyRolledBack) {
            e.addSuppressed(alreadyRolledBack);
          }
          throw e;
        }
        s.execute("DETACH DATABASE src");
      }
      return copied;
    }
  }

  private static long copy(
      Connection out,
      ExchangeFilter filter,
      boolean withBodies,
      boolean sourceHasEventTimes,
      LongConsumer progress)
      throws SQLException {
    // the columns the source has: a file of an older schema leaves the newer ones to their defaults
    String exchangeColumns = String.join(", ", ExchangeRows.present(out, "src"));
    String captureColumns = String.join(", ", CAPTURE_COLUMNS);
    String captureValues =
        withBodies
            ? captureColumns
            : captureColumns.replace("request_body,", "NULL,").replace("response_body,", "NULL,");
    String index = SearchIndex.in(out, "src");
    String copyExchanges =
        "INSERT INTO main.exchanges ("
            + exchangeColumns
            + ") SELECT "
            + exchangeColumns
            + " FROM src.exchanges WHERE id > ? AND "
            + filter.where(index)
            + " ORDER BY id LIMIT "
            + BATCH;
    String copyCaptures =
        "INSERT INTO main.captures ("
            + captureColumns
            + ") SELECT "
            + captureValues
            + " FROM src.captures WHERE exchange_id IN"
            + " (SELECT id FROM main.exchanges WHERE id > ? AND id <= ?)";
    String copyEventTimes =
        "INSERT INTO main.event_times (exchange_id, times) SELECT exchange_id, times"
            + " FROM src.event_times WHERE exchange_id IN"
            + " (SELECT id FROM main.exchanges WHERE id > ? AND id <= ?)";
    long copied = 0;
    long lastId = Long.MIN_VALUE;
    try (PreparedStatement exchanges = out.prepareStatement(copyExchanges);
        PreparedStatement captures = out.prepareStatement(copyCaptures);
        // a source older than schema 3 has no event_times to copy
        PreparedStatement eventTimes =
            sourceHasEventTimes ? out.prepareStatement(copyEventTimes) : null;
        PreparedStatement maxId =
            out.prepareStatement("SELECT coalesce(max(id), ?) FROM main.exchanges")) {
      while (true) {
        exchanges.setLong(1, lastId);
        filter.bind(exchanges, 2, index);
        int n = exchanges.executeUpdate();
        if (n == 0) {
          break;
        }
        maxId.setLong(1, lastId);
        long newLast;
        try (ResultSet rs = maxId.executeQuery()) {
          rs.next();
          newLast = rs.getLong(1);
        }
        captures.setLong(1, lastId);
        captures.setLong(2, newLast);
        captures.executeUpdate();
        if (withBodies) {
          // the session's own search index, from the bodies just copied (decision 0026)
          SearchIndex.fill(out, lastId, newLast, done -> {});
        }
        if (eventTimes != null) {
          eventTimes.setLong(1, lastId);
          eventTimes.setLong(2, newLast);
          eventTimes.executeUpdate();
        }
        lastId = newLast;
        copied += n;
        progress.accept(copied);
      }
    }
    return copied;
  }
}
