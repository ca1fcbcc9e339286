package dev.tokentap.bench;

import dev.tokentap.capture.ZstdCodec;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.SearchText;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeOrder;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.testing.SyntheticStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Search inside bodies (decision record 0026): fills a store with COUNT chat exchanges, each with a
 * capture of a generated prompt (one of 30 system prompts, 0 to 3 earlier turns, a question) and
 * answer (every other one streamed as SSE, a chunk per word), words drawn Zipf-like from 150 common
 * English words and 20,000 made-up ones; then opens it, so the migration indexes every capture
 * (timed), and prints the index's size beside the captures' compressed and decoded bytes, and the
 * time of the window's read (count and first page) for a rare word, a common word and a phrase. A
 * sample of the first SAMPLE captures' text is put in a plain table to time SQL's {@code
 * instr(lower(...))} (what the filter does on columns) beside both FTS5 tokenizers.
 *
 * <p>{@code java ... dev.tokentap.bench.SearchBenchmark [DIR] [COUNT] [SAMPLE]}
 */
public final class SearchBenchmark {

  static final String RARE = SyntheticChats.RARE;
  static final String PHRASE = SyntheticChats.PHRASE;
  static final String COMMON = SyntheticChats.COMMON;
  static final int RUNS = 5;

  private final SyntheticChats chats = new SyntheticChats();

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tokentap-search");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int sample = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    System.out.printf(
        Locale.ROOT,
        "TokenTap search benchmark: %,d captures, %d cpus, %s; times: median of %d runs%n",
        count,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        RUNS);
    new SearchBenchmark().run(dir, count, Math.min(sample, count));
  }

  private record Sizes(long stored, long decoded, long text) {}

  private Sizes fill(Path db, int count, int sample, Path sampleDb) throws SQLException {
    SearchText text = SearchText.installed();
    long stored = 0;
    long decoded = 0;
    long textBytes = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Connection s = DriverManager.getConnection("jdbc:sqlite:" + sampleDb)) {
      try (Statement st = s.createStatement()) {
        st.execute("PRAGMA journal_mode = OFF");
        st.execute("CREATE TABLE sample (id INTEGER PRIMARY KEY, request TEXT, response TEXT)");
      }
      c.setAutoCommit(false);
      s.setAutoCommit(false);
      try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO captures (exchange_id, request_headers, response_headers,"
                      + " request_body, response_body, request_body_bytes, response_body_bytes)"
                      + " VALUES (?, '[[\"Content-Type\",\"application/json\"]]',"
                      + " '[[\"Content-Type\",\"application/json\"]]', ?, ?, ?, ?)");
          PreparedStatement ss = s.prepareStatement("INSERT INTO sample VALUES (?, ?, ?)")) {
        for (long id = 1; id <= count; id++) {
          byte[] req = chats.request(id);
          byte[] res = chats.response(id);
          byte[] zreq = ZstdCodec.compress(req);
          byte[] zres = ZstdCodec.compress(res);
          stored += zreq.length + zres.length;
          decoded += req.length + res.length;
          String reqText = text.request(Endpoint.CHAT_COMPLETIONS, req);
          String resText = text.response(Endpoint.CHAT_COMPLETIONS, res);
          textBytes +=
              reqText.getBytes(StandardCharsets.UTF_8).length
                  + resText.getBytes(StandardCharsets.UTF_8).length;
          ps.setLong(1, id);
          ps.setBytes(2, zreq);
          ps.setBytes(3, zres);
          ps.setLong(4, req.length);
          ps.setLong(5, res.length);
          ps.executeUpdate();
          if (id <= sample) {
            ss.setLong(1, id);
            ss.setString(2, reqText);
            ss.setString(3, resText);
            ss.executeUpdate();
          }
          if (id % 20_000 == 0) {
            c.commit();
            s.commit();
          }
        }
      }
      c.commit();
      s.commit();
    }
    return new Sizes(stored, decoded, textBytes);
  }

  private void run(Path dir, int count, int sample) throws Exception {
    Path data = dir.resolve("data");
    long t = System.nanoTime();
    Path db = SyntheticStore.createBeforeRollups(data, count, SyntheticStore.T0);
    Path sampleDb = dir.resolve("sample.db");
    Files.deleteIfExists(sampleDb);
    Sizes sizes = fill(db, count, sample, sampleDb);
    long fileBefore = Files.size(db);
    System.out.printf(
        Locale.ROOT,
        "filled in %.0f s: captures %,d bytes stored (zstd), %,d bytes decoded, %,d bytes of"
            + " searchable text (prompt and answer text, JSON keys and SSE framing left out);"
            + " file %,d bytes%n",
        (System.nanoTime() - t) / 1e9,
        sizes.stored(),
        sizes.decoded(),
        sizes.text(),
        fileBefore);

    long[] indexing = {0}; // when the back-fill's first line came
    long open0 = System.nanoTime();
    ExchangeStore.open(
            data,
            line -> {
              if (indexing[0] == 0 && line.startsWith("Indexing")) {
                indexing[0] = System.nanoTime();
              }
              System.out.printf(
                  Locale.ROOT, "  %6.1f s  %s%n", (System.nanoTime() - open0) / 1e9, line);
            })
        .close(); // the migration ran
    long open1 = System.nanoTime();
    long indexBytes = indexBytes(db, "capture_text");
    System.out.printf(
        Locale.ROOT,
        "migration to schema 7 took %.1f s (the search back-fill about %.1f s of it: from its"
            + " first line to the end, rollups before it)%n",
        (open1 - open0) / 1e9,
        (open1 - (indexing[0] == 0 ? open0 : indexing[0])) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "index capture_text (FTS5 unicode61, contentless): %,d bytes = %.2f GiB per GiB of stored"
            + " captures, %.2f per GiB decoded, %.2f per GiB of searchable text; file %,d -> %,d"
            + " bytes%n",
        indexBytes,
        indexBytes / (double) sizes.stored(),
        indexBytes / (double) sizes.decoded(),
        indexBytes / (double) sizes.text(),
        fileBefore,
        Files.size(db));

    System.out.printf(
        Locale.ROOT,
        "%nthe window's read with the filter text (count, then the newest 100), %,d captures, ms:%n",
        count);
    System.out.printf(
        Locale.ROOT, "%-22s %9s %9s %9s %12s%n", "text", "matches", "count", "page", "index only");
    try (ExchangeStore store = ExchangeStore.openReadOnly(db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      for (String q : List.of(RARE, PHRASE, COMMON)) {
        ExchangeFilter f = ExchangeFilter.ALL.withText(q);
        long[] n = new long[1];
        double countMs = median(() -> n[0] = store.count(f));
        double pageMs = median(() -> store.page(f, ExchangeOrder.NEWEST_FIRST, 0, 100));
        double indexMs = median(() -> matchCount(c, "capture_text", q));
        System.out.printf(
            Locale.ROOT, "%-22s %9d %9.1f %9.1f %12.1f%n", q, n[0], countMs, pageMs, indexMs);
      }
    }
    compareOnSample(sampleDb, sample);
  }

  /**
   * The same text, the first {@code sample} captures: instr, trigram and unicode61 side by side.
   */
  private static void compareOnSample(Path sampleDb, int sample) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sampleDb);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = OFF");
      long textBytes =
          scalar(
              c,
              "SELECT sum(length(CAST(request AS BLOB)) + length(CAST(response AS BLOB))) FROM sample");
      System.out.printf(
          Locale.ROOT,
          "%nsample: the first %,d captures' searchable text (%,d bytes) in a plain table%n",
          sample,
          textBytes);
      System.out.printf(
          Locale.ROOT,
          "%-10s %14s %10s %12s %12s %12s%n",
          "tokenizer",
          "index bytes",
          "per text",
          "build s",
          RARE,
          COMMON);
      for (String tok : List.of("trigram", "unicode61")) {
        String table = "fts_" + tok;
        long t0 = System.nanoTime();
        st.execute(
            "CREATE VIRTUAL TABLE "
                + table
                + " USING fts5(request, response, content='', contentless_delete=1, tokenize='"
                + (tok.equals("unicode61") ? "unicode61 remove_diacritics 2" : tok)
                + "')");
        st.execute(
            "INSERT INTO "
                + table
                + " (rowid, request, response) SELECT id, request, response FROM sample");
        double build = (System.nanoTime() - t0) / 1e9;
        long bytes = indexBytes(sampleDb, table);
        double rare = median(() -> matchCount(c, table, RARE));
        double common = median(() -> matchCount(c, table, COMMON));
        System.out.printf(
            Locale.ROOT,
            "%-10s %,14d %10.2f %12.1f %9.1f ms %9.1f ms%n",
            tok,
            bytes,
            bytes / (double) textBytes,
            build,
            rare,
            common);
      }
      double rare =
          median(
              () ->
                  scalar(
                      c,
                      "SELECT count(*) FROM sample WHERE instr(lower(request), '"
                          + RARE
                          + "') > 0 OR instr(lower(response), '"
                          + RARE
                          + "') > 0"));
      double common =
          median(
              () ->
                  scalar(
                      c,
                      "SELECT count(*) FROM sample WHERE instr(lower(request), '"
                          + COMMON
                          + "') > 0 OR instr(lower(response), '"
                          + COMMON
                          + "') > 0"));
      System.out.printf(
          Locale.ROOT,
          "%-10s %14s %10s %12s %9.1f ms %9.1f ms  (a scan of the plain text: no index)%n",
          "instr",
          "-",
          "-",
          "-",
          rare,
          common);
      System.out.printf(
          Locale.ROOT,
          "(\"%s\": trigram and instr find it as a substring; unicode61 as words in order, the"
              + " last one a prefix (the store's query): \"house\" finds nothing inside"
              + " \"lighthouse\")%n",
          PHRASE);
    }
  }

  private static long matchCount(Connection c, String table, String text) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + table + " MATCH ?")) {
      ps.setString(
          1, '"' + text.replace("\"", "\"\"") + (table.contains("trigram") ? "\"" : "\" *"));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The bytes of an FTS5 table's shadow tables (its blocks, doc sizes and b-tree index). */
  private static long indexBytes(Path db, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try {
        return scalar(c, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '" + table + "%'");
      } catch (SQLException noDbstat) {
        return scalar(c, "SELECT sum(length(block)) FROM " + table + "_data")
            + scalar(
                c, "SELECT coalesce(sum(length(sz)), 0) + count(*) * 8 FROM " + table + "_docsize")
            + scalar(c, "SELECT count(*) * 16 FROM " + table + "_idx");
      }
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double median(Callable<?> work) throws Exception {
    work.call(); // warm-up
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      work.call();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }
}
