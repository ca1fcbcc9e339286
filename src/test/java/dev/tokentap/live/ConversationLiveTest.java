package dev.tokentap.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.app.InProcessTokenTap;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations and cache misses against a real llama-server: an agent-like loop of six chat turns
 * (each sends all earlier messages, the real answers and a new question) whose system prompt
 * changes one character at turn four. Read back from the SQLite file: one conversation of turns 1
 * to 6, turn four alone {@code prompt_changed} naming message 0 (system). Then, on a server of one
 * slot without a RAM prompt cache, another long prompt between two turns: {@code not_reused}.
 */
class ConversationLiveTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  /** Long enough that re-processing it is far more than a turn's new part. */
  private static String system(String time) {
    return "You are a build assistant for the TokenTap project. The time is "
        + time
        + ". "
        + "Answer in one short sentence, cite the file you read, and never invent a figure. "
            .repeat(24);
  }

  record Row(
      long id,
      String conversation,
      Integer turn,
      String miss,
      String note,
      Long prompt,
      Long cached) {}

  @Test
  void aChangedSystemPromptAtTurnFourIsFlaggedThereOnly() throws Exception {
    try (LlamaServer llama = LlamaServer.start("conversation");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      LiveHttp client = new LiveHttp(tokentap.url());
      ArrayNode messages = JSON.createArrayNode();
      messages.addObject().put("role", "system").put("content", system("12:04"));
      for (int turn = 1; turn <= 6; turn++) {
        if (turn == 4) {
          ((ObjectNode) messages.get(0)).put("content", system("12:05"));
        }
        messages.addObject().put("role", "user").put("content", "Step " + turn + ": what next?");
        String answer = chat(client, messages);
        messages.addObject().put("role", "assistant").put("content", answer);
      }
      tokentap.awaitRecorded(6, 20_000);
      List<Row> rows = rows(dataDir.resolve("tokentap.db"));
      rows.forEach(r -> System.out.println("conversation live: " + r));
      assertThat(rows).hasSize(6);
      assertThat(rows).extracting(Row::conversation).containsOnly(rows.getFirst().conversation());
      assertThat(rows.getFirst().conversation()).isNotEmpty();
      assertThat(rows).extracting(Row::turn).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(rows).extracting(Row::miss).containsExactly("", "", "", "prompt_changed", "", "");
      assertThat(rows.get(3).note()).startsWith("Message 0 (system) changed at character ");
      assertThat(rows.get(3).note()).contains("12:04").contains("12:05");
    }
  }

  @Test
  void anotherPromptOnTheOneSlotBetweenTwoTurnsIsNotReused() throws Exception {
    try (LlamaServer llama =
            LlamaServer.start("conversation-one-slot", "--parallel", "1", "--cache-ram", "0");
        InProcessTokenTap tokentap = InProcessTokenTap.start(dataDir, llama.url())) {
      LiveHttp client = new LiveHttp(tokentap.url());
      ArrayNode a = JSON.createArrayNode();
      a.addObject().put("role", "system").put("content", system("12:04"));
      a.addObject().put("role", "user").put("content", "Step 1: what next?");
      String first = chat(client, a);
      a.addObject().put("role", "assistant").put("content", first);
      ArrayNode other = JSON.createArrayNode();
      other.addObject().put("role", "system").put("content", "Other work. ".repeat(150));
      other.addObject().put("role", "user").put("content", "Something else entirely?");
      chat(client, other);
      a.addObject().put("role", "user").put("content", "Step 2: what next?");
      chat(client, a);
      tokentap.awaitRecorded(3, 20_000);
      List<Row> rows = rows(dataDir.resolve("tokentap.db"));
      rows.forEach(r -> System.out.println("conversation live (one slot): " + r));
      assertThat(rows).hasSize(3);
      assertThat(rows.get(2).conversation()).isEqualTo(rows.get(0).conversation());
      assertThat(rows.get(1).conversation()).isNotEqualTo(rows.get(0).conversation());
      assertThat(rows.get(2).turn()).isEqualTo(2);
      assertThat(rows.get(2).miss()).isEqualTo("not_reused");
      assertThat(rows.get(2).note())
          .contains("1 other request reached this server between the two turns")
          .contains("exchange " + rows.get(1).id());
    }
  }

  /** One non-streamed chat turn through TokenTap; the answer's text. */
  private static String chat(LiveHttp client, ArrayNode messages) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", "tiny").put("max_tokens", 8).put("temperature", 0).put("seed", 1);
    body.set("messages", messages);
    LiveHttp.Reply reply = client.post("/v1/chat/completions", body.toString());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode r = JSON.readTree(reply.body());
    return r.path("choices").path(0).path("message").path("content").asText("");
  }

  private static List<Row> rows(Path db) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, conversation_id, turn, cache_miss, cache_note, prompt_tokens,"
                    + " cached_tokens FROM exchanges ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getLong(1),
                rs.getString(2),
                (Integer) rs.getObject(3),
                rs.getString(4),
                rs.getString(5),
                rs.getObject(6) == null ? null : rs.getLong(6),
                rs.getObject(7) == null ? null : rs.getLong(7)));
      }
    }
    return rows;
  }
}
