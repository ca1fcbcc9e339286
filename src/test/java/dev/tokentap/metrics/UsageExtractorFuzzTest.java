package dev.tokentap.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.ReportedUsage;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.model.Endpoint;
import dev.tokentap.testing.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes usage extraction per endpoint with JSON built from the very field names it reads (usage,
 * timings, Anthropic, Responses and Ollama counts, event types) holding odd values: huge, negative,
 * fractional, textual, nested, null. Whatever the JSON, as a body or as a stream event, nothing
 * throws and every count that comes out is a whole number that is not negative.
 */
@AddLifecycleHook(FuzzSettings.class)
class UsageExtractorFuzzTest {

  private static final List<String> NAMES =
      List.of(
          "model",
          "usage",
          "timings",
          "choices",
          "finish_reason",
          "prompt_tokens",
          "completion_tokens",
          "prompt_tokens_details",
          "cached_tokens",
          "prompt_n",
          "cache_n",
          "predicted_n",
          "prompt_per_second",
          "predicted_per_second",
          "stop_type",
          "tokens_evaluated",
          "tokens_predicted",
          "stop_reason",
          "message",
          "delta",
          "type",
          "response",
          "status",
          "incomplete_details",
          "reason",
          "input_tokens",
          "output_tokens",
          "input_tokens_details",
          "cache_read_input_tokens",
          "cache_creation_input_tokens",
          "done_reason",
          "prompt_eval_count",
          "prompt_eval_duration",
          "eval_count",
          "eval_duration",
          "x");

  private static final List<String> LEAVES =
      List.of(
          "0",
          "1",
          "12",
          "-1",
          "0.5",
          "3.0",
          "1e3",
          "1e308",
          "1e400",
          "-1e400",
          "4503599627370497",
          "9007199254740993",
          "9223372036854775807",
          "9223372036854775806",
          "9223372036854775808",
          "-9223372036854775808",
          "18446744073709551615",
          "1" + "0".repeat(400),
          "null",
          "true",
          "false",
          "\"\"",
          "\"12\"",
          "\"message_start\"",
          "\"message_delta\"",
          "\"response.completed\"",
          "\"response.incomplete\"",
          "\"stop\"",
          "\"tiny\"",
          "[]",
          "{}",
          "[".repeat(2000) + "]".repeat(2000));

  private static final List<String> EVENT_TYPES =
      List.of(
          "",
          "message_start",
          "message_delta",
          "response.completed",
          "response.failed",
          "response.output_text.delta");

  @Property(tries = 1000)
  void countsAreNeverNegativeWhateverTheJson(
      @ForAll("objects") String json, @ForAll("eventTypes") String eventType) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    for (Endpoint endpoint : Endpoint.values()) {
      EndpointFamily extractor = EndpointFamily.of(endpoint);

      ReportedUsage asBody = new ReportedUsage();
      JsonPayloadReader.readObjects(
          bytes,
          0,
          bytes.length,
          EndpointFamily.USAGE_BODY_FIELDS,
          o -> extractor.usageFromBody(o, asBody));
      assertSane(asBody, endpoint, json);

      ReportedUsage asEvent = new ReportedUsage();
      JsonNode node = JsonPayloadReader.readValue(bytes, 0, bytes.length);
      extractor.usageFromEvent(eventType.isEmpty() ? null : eventType, node, asEvent);
      extractor.usageFromEvent(eventType.isEmpty() ? null : eventType, node, asEvent);
      assertSane(asEvent, endpoint, json);
    }
  }

  /**
   * The JSON of a real exchange (its body, or each of its stream events) with leaves replaced by
   * odd values at {@code rate}, walking with {@code walkSeed}: real shapes, so two related figures
   * (input and cached tokens, prompt_n and cache_n) are odd together often enough.
   */
  @Property(tries = 1000)
  void countsAreNeverNegativeInRealJsonWithOddValues(
      @ForAll("seeds") String seed, @ForAll long walkSeed, @ForAll("rates") double rate) {
    Fixture f = Seeds.fixture(seed);
    Endpoint endpoint = Endpoint.of(f.path().split("\\?")[0]);
    Random random = new Random(walkSeed);
    for (JsonNode doc : documents(f)) {
      JsonNode odd = oddLeaves(doc.deepCopy(), random, rate);
      byte[] bytes = odd.toString().getBytes(StandardCharsets.UTF_8);
      for (Endpoint e : List.of(endpoint, Endpoint.values()[random.nextInt(10)])) {
        EndpointFamily extractor = EndpointFamily.of(e);
        ReportedUsage asBody = new ReportedUsage();
        JsonPayloadReader.readObjects(
            bytes,
            0,
            bytes.length,
            EndpointFamily.USAGE_BODY_FIELDS,
            o -> extractor.usageFromBody(o, asBody));
        assertSane(asBody, e, odd.toString());
        ReportedUsage asEvent = new ReportedUsage();
        extractor.usageFromEvent(
            null, JsonPayloadReader.readValue(bytes, 0, bytes.length), asEvent);
        assertSane(asEvent, e, odd.toString());
      }
    }
  }

  /** The body as JSON, or each SSE data line / JSON line that is JSON. */
  private static List<JsonNode> documents(Fixture f) {
    List<JsonNode> docs = new ArrayList<>();
    String body = new String(f.responseBody(), StandardCharsets.UTF_8);
    for (String line : (body + "\n").split("\n")) {
      String json = line.startsWith("data:") ? line.substring(5) : line;
      byte[] b = json.getBytes(StandardCharsets.UTF_8);
      JsonNode n = JsonPayloadReader.readValue(b, 0, b.length);
      if (n != null && n.isContainerNode()) {
        docs.add(n);
      }
    }
    return docs;
  }

  private static JsonNode oddLeaves(JsonNode node, Random random, double rate) {
    if (node instanceof ObjectNode o) {
      for (String name : names(o)) {
        JsonNode child = o.get(name);
        if (child.isContainerNode()) {
          oddLeaves(child, random, rate);
        } else if (random.nextDouble() < rate) {
          o.set(name, odd(random));
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isContainerNode()) {
          oddLeaves(a.get(i), random, rate);
        } else if (random.nextDouble() < rate) {
          a.set(i, odd(random));
        }
      }
    }
    return node;
  }

  private static List<String> names(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode odd(Random random) {
    String leaf = LEAVES.get(random.nextInt(LEAVES.size() - 1)); // not the deep nesting
    byte[] b = leaf.getBytes(StandardCharsets.UTF_8);
    JsonNode n = JsonPayloadReader.readValue(b, 0, b.length);
    return n == null ? TextNode.valueOf(leaf) : n;
  }

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<Double> rates() {
    return Arbitraries.of(0.05, 0.2, 0.5, 1.0);
  }

  private static void assertSane(ReportedUsage u, Endpoint endpoint, String json) {
    String input = json.length() > 3000 ? json.substring(0, 3000) + "..." : json;
    for (Long count : new Long[] {u.promptTokens(), u.cachedTokens(), u.completionTokens()}) {
      if (count != null) {
        assertThat(count).as("a count for %s from %s", endpoint, input).isNotNegative();
      }
    }
    for (Double speed : new Double[] {u.promptTps(), u.genTps()}) {
      if (speed != null) {
        assertThat(speed).as("a speed for %s from %s", endpoint, input).isFinite().isNotNegative();
      }
    }
  }

  /** A JSON object, up to four levels deep, of the names the extractor reads. */
  @Provide
  Arbitrary<String> objects() {
    return object(3);
  }

  private Arbitrary<String> value(int depth) {
    Arbitrary<String> leaf = Arbitraries.of(LEAVES);
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(2, object(depth - 1)),
        net.jqwik.api.Tuple.of(
            1, value(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")));
  }

  private Arbitrary<String> object(int depth) {
    Arbitrary<String> member =
        Combinators.combine(Arbitraries.of(NAMES), value(depth))
            .as((name, v) -> "\"" + name + "\":" + v);
    return member.list().ofMaxSize(6).map(l -> "{" + String.join(",", l) + "}");
  }

  @Provide
  Arbitrary<String> eventTypes() {
    return Arbitraries.of(EVENT_TYPES);
  }
}
