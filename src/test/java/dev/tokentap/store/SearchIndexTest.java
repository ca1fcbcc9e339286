package dev.tokentap.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.model.Exchange;
import dev.tokentap.testing.SyntheticStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search inside bodies (decision record 0026) on a real SQLite file: the filter text finds
 * captured prompts and answers, user text is never query syntax, the index follows captures as they
 * are written, pruned, migrated and copied into session files.
 */
class SearchIndexTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = TestExchanges.T0;

  @TempDir Path dir;

  static byte[] prompt(String text) {
    ObjectNode req = JSON.createObjectNode().put("model", "tiny");
    req.putArray("messages").addObject().put("role", "user").put("content", text);
    return req.toString().getBytes(UTF_8);
  }

  static byte[] answer(String text) {
    ObjectNode res = JSON.createObjectNode().put("object", "chat.completion");
    res.putArray("choices")
        .addObject()
        .put("finish_reason", "stop")
        .putObject("message")
        .put("role", "assistant")
        .put("content", text);
    return res.toString().getBytes(UTF_8);
  }

  private static Exchange chat(long id, String prompt, String answer) {
    return TestExchanges.withBodies(
        TestExchanges.chat(id, T0 + id), prompt(prompt), answer(answer));
  }

  private static void record(ExchangeStore store, Exchange... exchanges)
      throws InterruptedException {
    Recorder r = store.startRecorder(RecorderSettings.defaults());
    for (Exchange e : exchanges) {
      assertThat(r.offer(e)).isTrue();
    }
    assertThat(r.flush(Duration.ofSeconds(30))).isTrue();
    r.close();
  }

  private static List<Long> found(ExchangeReads store, String text) {
    List<Long> ids = new ArrayList<>();
    ExchangeFilter f = ExchangeFilter.ALL.withText(text);
    for (StoredExchange x : store.page(f, ExchangeOrder.NEWEST_FIRST, 0, 100)) {
      ids.add(x.id());
    }
    assertThat(store.count(f)).isEqualTo(ids.size());
    return ids.stream().sorted().toList();
  }

  @Test
  void theFilterFindsTextInsidePromptsAndAnswers() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(
          store,
          chat(1, "Tell me about the zebra crossing", "It is a striped path."),
          chat(2, "And the giraffe?", "Zebras and giraffes share the savanna."),
          chat(3, "nothing here", "nor here"));
      assertThat(found(store, "zebra")).containsExactly(1L, 2L);
      assertThat(found(store, "ZEBRA CROSS")).containsExactly(1L); // any case, with the space
      assertThat(found(store, "striped pa")).containsExactly(1L); // the last word as typed so far
      assertThat(found(store, "savanna")).containsExactly(2L);
      assertThat(found(store, "ebra")).isEmpty(); // words, not any substring (decision 0026)
      // JSON keys and roles are not text the user wrote
      assertThat(found(store, "messages")).isEmpty();
      assertThat(found(store, "finish_reason")).isEmpty();
      // the columns still count: the model of every row
      assertThat(found(store, "tiny-7b")).containsExactly(1L, 2L, 3L);
      // too short for the index: the columns only, without an error
      assertThat(found(store, "ze")).isEmpty();
      // the dashboard reads rows, not rollups, for a text filter: the same exchanges
      ExchangeFilter zebra = ExchangeFilter.ALL.withText("zebra");
      assertThat(store.readsRollups(zebra)).isFalse();
      assertThat(store.rangeStats(zebra).requests()).isEqualTo(2);
    }
  }

  @Test
  void userTextIsNeverQuerySyntax() throws Exception {
    String odd = "He said \"stop\" (now*) AND NOT x:y NEAR(a b) ^start -minus {col}: 'q'";
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, chat(1, odd, "ok"), chat(2, "plain words", "fine"));
      for (String piece :
          List.of(
              "\"stop\"",
              "(now*)",
              "AND NOT",
              "x:y",
              "NEAR(a b)",
              "^start",
              "-minus",
              "{col}:",
              "'q'",
              odd)) {
        assertThat(found(store, piece)).as(piece).containsExactly(1L);
      }
      for (String nothing : List.of("\"", "\"\"\"", "***", "(((", ")", "AND", "OR NOT \"")) {
        assertThat(found(store, nothing)).as(nothing).isSubsetOf(1L, 2L);
      }
      assertThat(found(store, "\"stop\" (now")).containsExactly(1L);
      assertThat(found(store, "\"go\"")).isEmpty();
    }
  }

  @Test
  void aStreamedAnswerIsFoundAsItsTextNotItsFraming() throws Exception {
    StringBuilder sse = new StringBuilder();
    for (String piece : List.of("The qu", "ick brown f", "ox jumps")) {
      ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
      chunk.putArray("choices").addObject().putObject("delta").put("content", piece);
      sse.append("data: ").append(chunk).append("\n\n");
    }
    sse.append("data: [DONE]\n\n");
    Exchange e =
        TestExchanges.withBodies(
            TestExchanges.chat(1, T0), prompt("a fox, please"), sse.toString().getBytes(UTF_8));
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, e);
      assertThat(found(store, "quick brown fox")).containsExactly(1L);
      assertThat(found(store, "chat.completion.chunk")).isEmpty();
      assertThat(found(store, "delta")).isEmpty();
      assertThat(found(store, "DONE")).isEmpty();
    }
  }

  @Test
  void aPrunedCaptureLeavesTheIndex() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, chat(1, "the aardvark digs", "ok"), chat(2, "the aardvark sleeps", "ok"));
      assertThat(found(store, "aardvark")).containsExactly(1L, 2L);
      // a capture limit of one byte: every capture goes, the rows stay
      store.prune(new RetentionPolicy(Duration.ZERO, RetentionPolicy.NO_LIMIT, 1));
      assertThat(store.count()).isEqualTo(2);
      assertThat(found(store, "aardvark")).isEmpty();
    }
    assertThat(indexRows()).isZero();
  }

  @Test
  void aPruneGivesTheIndexSpaceBack() throws Exception {
    Exchange[] many = new Exchange[1_000];
    for (int i = 0; i < many.length; i++) {
      StringBuilder words = new StringBuilder();
      for (int w = 0; w < 200; w++) {
        words.append("word").append(i * 200 + w).append(' ');
      }
      many[i] = chat(i + 1, words.toString(), "answer " + i);
    }
    long before;
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, many);
      before = indexBytes();
      long captures = scalar("SELECT bytes FROM capture_totals");
      // keep about a tenth of the captures
      store.prune(new RetentionPolicy(Duration.ZERO, RetentionPolicy.NO_LIMIT, captures / 10));
      assertThat(found(store, "word1000")).isEmpty(); // exchange 6: its capture went
      assertThat(found(store, "word199800")).containsExactly(1_000L);
    }
    System.out.printf("index %,d -> %,d bytes%n", before, indexBytes());
    assertThat(indexBytes()).isLessThan(before / 4);
  }

  @Test
  void deletingAnExchangeTakesItsTextOutOfTheIndex() throws Exception {
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      record(store, chat(1, "the okapi", "ok"), chat(2, "the okapi again", "ok"));
    }
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      s.execute("DELETE FROM exchanges WHERE id = 1");
    }
    assertThat(indexRows()).isEqualTo(1);
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      assertThat(found(store, "okapi")).containsExactly(2L);
    }
  }

  @Test
  void theMigrationIndexesAnOlderHistory() throws Exception {
    Path db = SyntheticStore.createBeforeRollups(dir, 20, T0);
    SyntheticStore.captureAll(db, prompt("where is the pangolin"), answer("in the forest"));
    List<String> lines = new ArrayList<>();
    try (ExchangeStore store = ExchangeStore.open(dir, lines::add)) {
      assertThat(store.count(ExchangeFilter.ALL.withText("pangolin"))).isEqualTo(20);
      assertThat(store.count(ExchangeFilter.ALL.withText("the forest"))).isEqualTo(20);
    }
    assertThat(indexRows()).isEqualTo(20);
  }

  @Test
  void aSessionFileCarriesItsIndexAndAFileWithoutOneFiltersOnColumns() throws Exception {
    Path session = dir.resolve("out.tokentap");
    Path data = dir.resolve("data");
    try (ExchangeStore store = ExchangeStore.open(data)) {
      record(store, chat(1, "the narwhal", "ok"), chat(2, "the walrus", "ok"));
      store.writeSession(session, ExchangeFilter.ALL.withText("narwhal"), n -> {});
    }
    Path work = Files.createDirectories(dir.resolve("work"));
    try (ExchangeStore opened = ExchangeStore.openSession(session, work)) {
      assertThat(found(opened, "narwhal")).containsExactly(1L);
      assertThat(found(opened, "walrus")).isEmpty();
    }
    // a session file of an older format opens upgraded in a copy, indexed by the migration
    SessionUpgradeTest.downgradeToFormatOne(session);
    Path work2 = Files.createDirectories(dir.resolve("work2"));
    try (ExchangeStore opened = ExchangeStore.openSession(session, work2)) {
      assertThat(found(opened, "narwhal")).containsExactly(1L);
    }
    // an older file read as it is (no migration): the columns only, no error
    SyntheticStore.beforeRollups(data);
    try (ExchangeStore old = ExchangeStore.openReadOnly(data.resolve("tokentap.db"))) {
      assertThat(found(old, "narwhal")).isEmpty();
      assertThat(found(old, "tiny-7b")).containsExactly(1L, 2L);
    }
  }

  private long indexBytes() throws Exception {
    return scalar("SELECT sum(length(block)) FROM capture_text_data");
  }

  private long scalar(String sql) throws Exception {
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long indexRows() throws Exception {
    try (Connection c = TestExchanges.sqlite(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM capture_text")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
