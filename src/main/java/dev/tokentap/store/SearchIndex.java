package dev.tokentap.store;

import dev.tokentap.capture.ZstdCodec;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.SearchText;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The full-text index over captured bodies (decision record 0026): {@code capture_text}, an SQLite
 * FTS5 table with the unicode61 tokenizer (words, case and diacritics folded; the trigram
 * tokenizer, which would find any substring as the filter's {@code instr} over the columns does,
 * made an index 5.9 times as large), contentless (the text is not stored twice: captures keep it,
 * compressed) with {@code contentless_delete=1} so a row can be removed. Its rowid is the exchange
 * id; its columns hold the {@link SearchText} of the redacted, decoded request and response. A row
 * is added in the recorder's transaction with its capture ({@link #add}) and removed by a trigger
 * whenever the capture row goes (retention, pruning for size, an exchange deleted with its
 * capture).
 */
final class SearchIndex {

  static final String TABLE = "capture_text";

  /** The schema of migration step 7. */
  static final List<String> STATEMENTS =
      List.of(
          "CREATE VIRTUAL TABLE "
              + TABLE
              + " USING fts5(request, response, content='', contentless_delete=1,"
              + " tokenize='unicode61 remove_diacritics 2')",
          "CREATE TRIGGER capture_text_delete AFTER DELETE ON captures BEGIN DELETE FROM "
              + TABLE
              + " WHERE rowid = OLD.exchange_id; END");

  static final String INSERT =
      "INSERT INTO " + TABLE + " (rowid, request, response) VALUES (?, ?, ?)";

  /**
   * A search shorter than this many characters looks in the columns only (a short prefix is slow).
   */
  static final int MIN_CHARS = 3;

  /** What turns bodies into searchable text (the endpoint-aware one when on the class path). */
  static final SearchText TEXT = SearchText.installed();

  private static final int FETCH = 500;

  /** The largest decoded body the back-fill reads (a damaged frame may claim more). */
  private static final int MAX_BODY = 256 << 20;

  private SearchIndex() {}

  /**
   * Adds the text of one capture's bodies with the prepared {@link #INSERT}; a body still in a wire
   * encoding TokenTap could not undo ({@code decoded} false) adds nothing.
   */
  static void add(
      PreparedStatement insert,
      long id,
      Endpoint endpoint,
      byte[] request,
      boolean requestDecoded,
      byte[] response,
      boolean responseDecoded)
      throws SQLException {
    String req = request == null || !requestDecoded ? "" : TEXT.request(endpoint, request);
    String res = response == null || !responseDecoded ? "" : TEXT.response(endpoint, response);
    if (req.isEmpty() && res.isEmpty()) {
      return;
    }
    insert.setLong(1, id);
    insert.setString(2, req);
    insert.setString(3, res);
    insert.executeUpdate();
  }

  /**
   * The FTS5 query for the filter text {@code lowerCaseText}: one string, double quotes doubled, so
   * no character the user types is query syntax, then {@code *}: its words in this order, the last
   * one a prefix ({@code "lighthouse kee"} finds "lighthouse keeper"), as a filter is typed.
   */
  static String match(String lowerCaseText) {
    return '"' + lowerCaseText.replace("\"", "\"\"") + "\" *";
  }

  /**
   * Whether {@code text} is looked up in the index: {@link #MIN_CHARS} or more characters, one of
   * them a letter or digit (punctuation alone is no word to find).
   */
  static boolean searchable(String text) {
    return text != null
        && text.codePointCount(0, text.length()) >= MIN_CHARS
        && text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /**
   * The index of {@code schema} ({@code main}, {@code src}) of {@code c}, qualified, for {@link
   * ExchangeFilter#where(String)}; null when the file has none (an older schema opened read-only).
   */
  static String in(Connection c, String schema) throws SQLException {
    return Migrations.hasTable(c, schema, TABLE) ? schema + "." + TABLE : null;
  }

  /**
   * Which of {@code ids} the filter text {@code lowerCaseText} finds inside their bodies, in {@code
   * index} ({@link #in}); none when there is no index or the text is not {@link #searchable}.
   */
  static List<Long> matching(Connection c, String index, String lowerCaseText, List<Long> ids)
      throws SQLException {
    if (index == null || !searchable(lowerCaseText) || ids.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
    List<Long> found = new java.util.ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT rowid FROM "
                + index
                + " WHERE "
                + TABLE
                + " MATCH ? AND rowid IN ("
                + marks
                + ")")) {
      ps.setString(1, match(lowerCaseText));
      for (int i = 0; i < ids.size(); i++) {
        ps.setLong(i + 2, ids.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getLong(1));
        }
      }
    }
    return found;
  }

  /**
   * Migration step 7: indexes every stored capture, in id order, telling {@code progress} how far
   * it is for a long history.
   */
  static void build(Connection c, Consumer<String> progress) throws SQLException {
    long total;
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM captures");
        ResultSet rs = ps.executeQuery()) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    if (total == 0) {
      return;
    }
    boolean tell = total >= 50_000;
    if (tell) {
      progress.accept(
          String.format(
              Locale.ROOT, "Indexing the text of %,d stored captures for search (once)", total));
    }
    int[] told = {0};
    fill(
        c,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        done -> {
          int pct = (int) (done * 100 / total);
          if (tell && pct >= told[0] + 10) {
            told[0] = pct - pct % 10;
            progress.accept("Indexing captures for search: " + told[0] + "%");
          }
        });
  }

  /**
   * Indexes the captures of {@code c}'s main schema with ids in ({@code after}, {@code upTo}] (a
   * session file's batch, or all of them); {@code done} hears the running count.
   */
  static long fill(Connection c, long after, long upTo, LongConsumer done) throws SQLException {
    long n = 0;
    try (PreparedStatement read =
            c.prepareStatement(
                "SELECT c.exchange_id, e.endpoint, c.request_body, c.request_decoded,"
                    + " c.response_body, c.response_decoded FROM captures c"
                    + " JOIN exchanges e ON e.id = c.exchange_id"
                    + " WHERE c.exchange_id > ? AND c.exchange_id <= ? ORDER BY c.exchange_id");
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      read.setFetchSize(FETCH);
      read.setLong(1, after);
      read.setLong(2, upTo);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          add(
              insert,
              rs.getLong(1),
              ExchangeRows.endpoint(rs.getString(2)),
              body(rs.getBytes(3)),
              rs.getInt(4) != 0,
              body(rs.getBytes(5)),
              rs.getInt(6) != 0);
          n++;
          done.accept(n);
        }
      }
    }
    return n;
  }

  /** A stored body, or null when there is none or it is damaged (then it is not indexed). */
  private static byte[] body(byte[] stored) {
    if (stored == null) {
      return null;
    }
    try {
      return ZstdCodec.decompress(stored, MAX_BODY);
    } catch (UncheckedIOException e) {
      return null;
    }
  }
}
