package dev.tokentap.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import mockwebserver3.MockResponse;
import okio.Buffer;

/** What the window tests' MockWebServer answers in llama-server's place: the real fixtures. */
public final class FakeLlamaServer {
  private FakeLlamaServer() {}

  /** The real fixture's {@code /slots}, slot 1 made busy reading a prompt: 1,024 of 2,048. */
  public static byte[] slotsWithOneBusy() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode slots = (ArrayNode) json.readTree(Fixture.load("get_slots_after").responseBody());
    ObjectNode busy = (ObjectNode) slots.get(1);
    busy.put("is_processing", true);
    busy.put("n_prompt_tokens", 2048);
    busy.put("n_prompt_tokens_processed", 1024);
    return json.writeValueAsBytes(slots);
  }

  /** 200 with {@code answers}' body for {@code path}, else 404. */
  public static MockResponse answer(Map<String, byte[]> answers, String path) {
    byte[] body = answers.get(path);
    return body == null
        ? new MockResponse.Builder().code(404).build()
        : new MockResponse.Builder().code(200).body(new Buffer().write(body)).build();
  }
}
