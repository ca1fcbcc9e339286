package dev.tokentap.store;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.capture.CaptureRedactor;
import dev.tokentap.capture.HeadersJson;
import dev.tokentap.capture.RedactedExchange;
import dev.tokentap.capture.ZstdCodec;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.Turn;
import dev.tokentap.model.TurnInput;
import dev.tokentap.model.TurnLinker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes batches of exchanges on the recorder's own connection: redacts and compresses each one
 * (capture package), then inserts it (its row, its capture and the capture's text in the search
 * index, a stream's event times) with prepared statements and adds the batch to the rollups, the
 * whole batch in one transaction. Confined to the recorder thread.
 */
final class ExchangeWriter implements AutoCloseable {

  static final String INSERT_CAPTURE =
      """
      INSERT INTO captures (exchange_id, request_headers, response_headers,
        request_body, response_body, request_body_bytes, response_body_bytes,
        request_truncated, response_truncated, request_encoding, response_encoding,
        request_decoded, response_decoded, redactions)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_EVENT_TIMES =
      "INSERT INTO event_times (exchange_id, times) VALUES (?, ?)";

  /** What one batch came to. */
  record Result(List<StoredExchange> written, int skipped, long seq) {}

  private final Connection connection;
  private final CaptureRedactor redactor;
  private final TurnLinker linker;
  private final Logger logger;
  private final PreparedStatement insertExchange;
  private final PreparedStatement insertCapture;
  private final PreparedStatement insertEventTimes;
  private final PreparedStatement insertText;
  private final RollupWriter rollups;
  private final Statement control;
  private final PreparedStatement batchSeq;
  private long lastBatchSeq;

  ExchangeWriter(Connection connection, CaptureRedactor redactor, TurnLinker linker, Logger logger)
      throws SQLException {
    this.connection = connection;
    this.redactor = redactor;
    this.linker = linker;
    this.logger = logger;
    // Transactions are explicit: after SQLITE_FULL, SQLite may roll a transaction back by itself,
    // and a driver-managed one (setAutoCommit(false)) would then go on in autocommit mode.
    connection.setAutoCommit(true);
    this.control = connection.createStatement();
    this.insertExchange = connection.prepareStatement(ExchangeRows.INSERT);
    this.insertCapture = connection.prepareStatement(INSERT_CAPTURE);
    this.insertEventTimes = connection.prepareStatement(INSERT_EVENT_TIMES);
    this.insertText = connection.prepareStatement(SearchIndex.INSERT);
    this.rollups = new RollupWriter(connection);
    this.batchSeq =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('" + StoredBatch.META_KEY + "', ?)");
    String last = Migrations.meta(connection, StoredBatch.META_KEY);
    this.lastBatchSeq = last == null ? 0 : Long.parseLong(last);
  }

  /**
   * Writes {@code batch} in one transaction. An exchange that cannot be redacted or whose row is
   * refused for itself (a duplicate id, say) is skipped, logged and counted; any other failure
   * rolls the whole batch back and is thrown (the recorder holds the batch and tries again).
   */
  Result write(List<Exchange> batch) throws SQLException {
    List<StoredExchange> written = new ArrayList<>(batch.size());
    int skipped = 0;
    begin();
    try {
      for (Exchange e : batch) {
        RedactedExchange r;
        try {
          r = redactor.redact(e);
        } catch (RuntimeException ex) {
          logger.log(Level.ERROR, "Cannot prepare exchange " + e.id() + " for storage", ex);
          skipped++;
          continue;
        }
        StoredExchange row = ExchangeRows.of(r, link(r));
        if (!insert(
            insertExchange, e.id(), "Exchange", () -> ExchangeRows.bind(insertExchange, row))) {
          skipped++;
          continue;
        }
        if (r.capture() != null
            && insert(
                insertCapture,
                e.id(),
                "Capture of exchange",
                () -> bindCapture(e.id(), r.capture()))) {
          indexCapture(e, r.capture());
        }
        if (e.streamed() && e.eventTimes().count() > 0) {
          // metrics, not captured content: written whatever the capture settings
          insert(
              insertEventTimes,
              e.id(),
              "Event times of exchange",
              () -> {
                insertEventTimes.setLong(1, e.id());
                insertEventTimes.setBytes(2, e.eventTimes().encode());
              });
        }
        written.add(row);
      }
      if (!written.isEmpty()) {
        rollups.add(written);
        batchSeq.setLong(1, lastBatchSeq + 1);
        batchSeq.executeUpdate();
      }
      control.execute("COMMIT");
    } catch (SQLException | RuntimeException ex) {
      rollbackQuietly();
      throw ex;
    }
    if (!written.isEmpty()) {
      lastBatchSeq++;
    }
    return new Result(written, skipped, lastBatchSeq);
  }

  /**
   * The exchange's conversation and turn, from its redacted texts: the linker never sees a secret,
   * and a failing linker leaves the exchange in none rather than unstored.
   */
  private Turn link(RedactedExchange r) {
    if (linker == TurnLinker.NONE) {
      return Turn.NONE;
    }
    Exchange e = r.exchange();
    Capture c = r.capture();
    try {
      return linker.link(
          new TurnInput(
              e.id(),
              e.startedAtMs(),
              e.endpoint(),
              r.upstream(),
              e.status(),
              c == null ? List.of() : c.requestHeaders(),
              c == null ? null : decoded(c.request()),
              c == null ? null : decoded(c.response()),
              e.metrics()));
    } catch (RuntimeException ex) {
      logger.log(Level.WARNING, "Cannot link exchange " + e.id() + " to a conversation", ex);
      return Turn.NONE;
    }
  }

  private static byte[] decoded(CaptureBody b) {
    return b == null || !b.decoded() ? null : b.bytes();
  }

  /**
   * Binds and runs one insert; false when the row itself is refused (logged): the schema refuses
   * it, it is too big for SQLite, or it cannot be bound. Such a row fails the same way however
   * often it is tried, so it must not hold up the batch; any other failure is the store's and is
   * thrown.
   */
  private boolean insert(PreparedStatement ps, long id, String what, SqlBinding binding)
      throws SQLException {
    String reason;
    try {
      binding.bind();
      ps.executeUpdate();
      return true;
    } catch (SQLException ex) {
      if (!refusesTheRow(ex)) {
        throw ex;
      }
      reason = StoreException.firstLine(ex.getMessage());
    } catch (RuntimeException ex) {
      reason = StoreException.reason(ex);
    }
    logger.log(Level.ERROR, what + " " + id + " not stored: " + reason);
    return false;
  }

  private static boolean refusesTheRow(SQLException ex) {
    int code = ex.getErrorCode() & 0xff;
    return code == Database.SQLITE_CONSTRAINT
        || code == Database.SQLITE_TOOBIG
        || code == Database.SQLITE_MISMATCH
        || code == Database.SQLITE_RANGE;
  }

  @FunctionalInterface
  private interface SqlBinding {
    void bind() throws SQLException;
  }

  private void bindCapture(long id, Capture c) throws SQLException {
    PreparedStatement ps = insertCapture;
    ps.setLong(1, id);
    ps.setString(2, HeadersJson.write(c.requestHeaders()));
    ps.setString(3, HeadersJson.write(c.responseHeaders()));
    CaptureBody req = c.request();
    CaptureBody res = c.response();
    setBlob(ps, 4, req == null ? null : ZstdCodec.compress(req.bytes()));
    setBlob(ps, 5, res == null ? null : ZstdCodec.compress(res.bytes()));
    setSize(ps, 6, req);
    setSize(ps, 7, res);
    ps.setInt(8, req != null && req.truncated() ? 1 : 0);
    ps.setInt(9, res != null && res.truncated() ? 1 : 0);
    ps.setString(10, req == null ? null : req.wireEncoding());
    ps.setString(11, res == null ? null : res.wireEncoding());
    ps.setInt(12, req == null || req.decoded() ? 1 : 0);
    ps.setInt(13, res == null || res.decoded() ? 1 : 0);
    ps.setInt(14, c.redactions());
  }

  /** Adds the capture's text to the search index; a body it cannot read is logged, not fatal. */
  private void indexCapture(Exchange e, Capture c) throws SQLException {
    CaptureBody req = c.request();
    CaptureBody res = c.response();
    try {
      SearchIndex.add(
          insertText,
          e.id(),
          e.endpoint(),
          req == null ? null : req.bytes(),
          req == null || req.decoded(),
          res == null ? null : res.bytes(),
          res == null || res.decoded());
    } catch (SQLException ex) {
      if (!refusesTheRow(ex)) {
        throw ex; // the store's failure: the batch is held and tried again
      }
      logger.log(
          Level.ERROR,
          "Capture of exchange "
              + e.id()
              + " not indexed for search: "
              + StoreException.firstLine(ex.getMessage()));
    } catch (RuntimeException ex) {
      logger.log(Level.ERROR, "Capture of exchange " + e.id() + " not indexed for search", ex);
    }
  }

  private static void setBlob(PreparedStatement ps, int i, byte[] b) throws SQLException {
    if (b == null) {
      ps.setNull(i, Types.BLOB);
    } else {
      ps.setBytes(i, b);
    }
  }

  private static void setSize(PreparedStatement ps, int i, CaptureBody b) throws SQLException {
    if (b == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, b.originalSize());
    }
  }

  private void begin() throws SQLException {
    try {
      control.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      // a transaction left open by an earlier failure: end it and start afresh
      rollbackQuietly();
      control.execute("BEGIN IMMEDIATE");
    }
  }

  /** Rolls back if a transaction is open (SQLite may have rolled it back already). */
  private void rollbackQuietly() {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException e) {
      // "no transaction is active": nothing to undo
    }
  }

  @Override
  public void close() {
    try {
      insertExchange.close();
      insertCapture.close();
      insertEventTimes.close();
      insertText.close();
      rollups.close();
      control.close();
    } catch (SQLException e) {
      // closing the connection frees them anyway
    }
    Database.closeQuietly(connection);
  }
}
