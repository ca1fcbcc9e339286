package dev.tokentap.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.model.Header;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.testing.Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes opening a HAR file ({@link OpenedSession#open}: sniffing, {@link HarReader}, {@link
 * HarImport} through the recorder into a temporary store) with HAR files made from the recorded
 * exchanges, then damaged: odd values put into the JSON tree (dates, numbers, URLs, types, deep
 * nesting, long strings), fields removed, or bytes edited. Opening either works, and the store then
 * reads back, or fails with the one-line {@link ExportException}: nothing else is thrown.
 */
@AddLifecycleHook(FuzzSettings.class)
class HarImportFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 40)
  void openingADamagedHarWorksOrSaysWhyInOneLine(
      @ForAll("entries") List<String> fixtures,
      @ForAll long walkSeed,
      @ForAll("rates") double rate,
      @ForAll("edits") List<Mutations.Edit> byteEdits)
      throws IOException {
    JsonNode har = har(fixtures);
    oddValues(har, new Random(walkSeed), rate);
    byte[] bytes = Mutations.apply(JSON.writeValueAsBytes(har), byteEdits);
    Path dir = Files.createTempDirectory("har-fuzz-");
    try {
      Path file = dir.resolve("fuzz.har");
      Files.write(file, bytes);
      try (OpenedSession s = OpenedSession.open(file)) {
        readEverything(s.store());
      } catch (ExportException expected) {
        assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** What the window and the exports read of an opened file. */
  static void readEverything(ExchangeStore store) {
    store.summary();
    for (StoredExchange x : store.recent(1000)) {
      store.exchange(x.id());
      store.capture(x.id());
      store.eventTimes(x.id());
    }
  }

  /** A HAR 1.2 file with one entry per fixture, as a browser or mitmproxy writes them. */
  static ObjectNode har(List<String> fixtures) {
    ObjectNode root = NODES.objectNode();
    ObjectNode log = root.putObject("log");
    log.put("version", "1.2");
    log.putObject("creator").put("name", "fuzz").put("version", "1");
    ArrayNode entries = log.putArray("entries");
    int i = 0;
    for (String name : fixtures) {
      Fixture f = Seeds.fixture(name);
      ObjectNode e = entries.addObject();
      e.put("startedDateTime", "2026-12-04T20:00:0" + (i++ % 10) + ".123Z");
      e.put("time", f.totalMs());
      ObjectNode request = e.putObject("request");
      request.put("method", f.method());
      request.put("url", "http://127.0.0.1:8080" + f.path());
      request.put("httpVersion", "HTTP/1.1");
      headers(request.putArray("headers"), f.requestHeaders());
      if (f.requestBody().length > 0) {
        request
            .putObject("postData")
            .put("mimeType", "application/json")
            .put("text", new String(f.requestBody(), StandardCharsets.UTF_8));
      }
      request.put("bodySize", f.requestBody().length);
      ObjectNode response = e.putObject("response");
      response.put("status", f.status());
      response.put("statusText", f.reasonPhrase());
      headers(response.putArray("headers"), f.responseHeaders());
      ObjectNode content = response.putObject("content");
      content.put("size", f.responseBody().length);
      content.put("mimeType", String.valueOf(f.responseHeader("Content-Type")));
      if (i % 2 == 0) {
        content.put("text", Base64.getEncoder().encodeToString(f.responseBody()));
        content.put("encoding", "base64");
      } else {
        content.put("text", new String(f.responseBody(), StandardCharsets.UTF_8));
      }
      response.put("bodySize", f.responseBody().length);
      ObjectNode timings = e.putObject("timings");
      timings.put("blocked", -1).put("dns", -1).put("connect", 0.2).put("send", 0.1);
      timings.put("wait", f.ttfbMs()).put("receive", Math.max(0, f.totalMs() - f.ttfbMs()));
    }
    return root;
  }

  private static void headers(ArrayNode into, List<Header> headers) {
    for (Header h : headers) {
      into.addObject().put("name", h.name()).put("value", h.value());
    }
  }

  /** Odd values of any type, for any field. */
  private static final List<String> ODD =
      List.of(
          "\"\"",
          "null",
          "true",
          "{}",
          "[]",
          "-1",
          "0.5",
          "1e308",
          "\"\\u0000\"",
          "\"" + "x".repeat(200_000) + "\"",
          "[{\"name\":null,\"value\":1},{\"name\":\":authority\",\"value\":\"h\"},7]",
          "[".repeat(3000) + "]".repeat(3000));

  /** Odd values that fit what a field holds, so they get past the first type check. */
  private static final Map<String, List<String>> ODD_BY_FIELD =
      Map.ofEntries(
          Map.entry(
              "startedDateTime",
              List.of(
                  "\"2026-12-04T20:00:00Z\"",
                  "\"+999999999-12-31T23:59:59.999999999Z\"",
                  "\"-999999999-01-01T00:00:00Z\"",
                  "\"+292278994-08-17T07:12:55.807Z\"",
                  "\"2026-13-45T99:99:99Z\"",
                  "\"2026-12-04T20:00:00+18:00\"",
                  "\"2026-12-04\"")),
          Map.entry("time", numbers()),
          Map.entry("status", numbers()),
          Map.entry("bodySize", numbers()),
          Map.entry("size", numbers()),
          Map.entry("blocked", numbers()),
          Map.entry("connect", numbers()),
          Map.entry("send", numbers()),
          Map.entry("wait", numbers()),
          Map.entry("receive", numbers()),
          Map.entry(
              "url",
              List.of(
                  "\"http://[::1\"",
                  "\"http://user:sk-abcdefghijklmnopqrstuvwx@h:99999/p?q=1#f\"",
                  "\"//\"",
                  "\"?\"",
                  "\"*\"",
                  "\"\"",
                  "\"http://h/v1/chat/completions?api_key=abc&x\"",
                  "\"/v1/chat/completions" + "/".repeat(100_000) + "\"",
                  "\"http://h/v1/chat/completions" + "/".repeat(2_000_000) + "\"",
                  "\"http://h/" + "a/".repeat(50_000) + "\"",
                  "\"http://h/%zz%\"",
                  "\"mailto:x@y\"")),
          Map.entry(
              "method",
              List.of(
                  "\"GET\"",
                  "\"\"",
                  "\"P O S T\"",
                  "\"\\u0000\"",
                  "\"" + "M".repeat(100_000) + "\"")),
          Map.entry(
              "text",
              List.of(
                  "\"\"",
                  "\"!!!not base64!!!\"",
                  "\"data: {}\\n\\n\"",
                  "\"{\\\"usage\\\":{\\\"prompt_tokens\\\":-5}}\"",
                  "\"" + "data: x\\n\\n".repeat(20_000) + "\"")),
          Map.entry("encoding", List.of("\"base64\"", "\"BASE64\"", "\"gzip\"", "\"\"")),
          Map.entry("_encoding", List.of("\"base64\"", "\"\"")),
          Map.entry(
              "name",
              List.of(
                  "\"Content-Encoding\"",
                  "\"Content-Type\"",
                  "\":path\"",
                  "\"\"",
                  "\"Authorization\"",
                  "\"\\r\\n\"")),
          Map.entry(
              "value",
              List.of(
                  "\"text/event-stream\"",
                  "\"gzip\"",
                  "\"application/x-ndjson\"",
                  "\"Bearer sk-abcdefghijklmnopqrstuvwx\"",
                  "\"\"")));

  private static List<String> numbers() {
    return List.of(
        "-1",
        "0",
        "0.5",
        "1e20",
        "1e308",
        "-1e308",
        "9223372036854775807",
        "-9223372036854775808",
        "123456789012345678901234567890",
        "\"NaN\"",
        "\"-Infinity\"",
        "\"1e400\"",
        "\"12\"");
  }

  /**
   * Replaces each field or element (not the root, not log.entries itself) with an odd value at
   * {@code rate}: mostly one that fits the field, sometimes one of any type; removes some.
   */
  static void oddValues(JsonNode node, Random random, double rate) {
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!name.equals("log") && !name.equals("entries") && random.nextDouble() < rate) {
          if (random.nextInt(6) == 0) {
            o.remove(name);
          } else {
            List<String> fitting = ODD_BY_FIELD.get(name);
            o.set(name, odd(fitting != null && random.nextInt(4) > 0 ? fitting : ODD, random));
          }
        } else {
          oddValues(o.get(name), random, rate);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (random.nextDouble() < rate / 4) {
          a.set(i, odd(ODD, random));
        } else {
          oddValues(a.get(i), random, rate);
        }
      }
    }
  }

  private static JsonNode odd(List<String> values, Random random) {
    String v = values.get(random.nextInt(values.size()));
    try {
      return JSON.readTree(v);
    } catch (IOException tooDeep) {
      return NODES.textNode(v);
    }
  }

  static void deleteTree(Path dir) {
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<List<String>> entries() {
    return Seeds.anyName().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Double> rates() {
    return Arbitraries.of(0.0, 0.02, 0.1, 0.3);
  }

  /** Mostly none: the tree edits are the ones that reach past the JSON parser. */
  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Arbitraries.oneOf(
        Arbitraries.just(List.of()), Arbitraries.just(List.of()), Mutations.edits(3));
  }
}
