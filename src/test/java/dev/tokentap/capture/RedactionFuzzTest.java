package dev.tokentap.capture;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.fuzz.Coding;
import dev.tokentap.fuzz.FuzzSettings;
import dev.tokentap.fuzz.Mutations;
import dev.tokentap.fuzz.Seeds;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.testing.Fixture;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Fuzzes redaction ({@link CaptureRedactor}) with real exchanges into which a secret is planted
 * somewhere TokenTap promises to find it (a secret-named header, query parameter, JSON field or
 * JSON-in-a-string field, URL user info, a credential-shaped string anywhere, a PEM key), the body
 * sent content-encoded or not and its capture cut anywhere. Nothing that would be stored holds the
 * secret, redaction is idempotent, and it never throws.
 */
@AddLifecycleHook(FuzzSettings.class)
class RedactionFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SALT = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);

  /** A credential shape and how many random characters follow its prefix. */
  enum Shape {
    OPENAI("sk-", 24),
    OPENAI_PROJECT("sk-proj-", 40),
    GITHUB("ghp_", 36),
    GITHUB_PAT("github_pat_", 40),
    AWS("AKIA", 16),
    GOOGLE("AIza", 35),
    HUGGING_FACE("hf_", 34),
    SLACK("xoxb-", 24),
    BEARER("Bearer ", 32),
    /** No shape: only found where its name says it is a secret. */
    PLAIN("", 20);

    final String prefix;
    final int length;

    Shape(String prefix, int length) {
      this.prefix = prefix;
      this.length = length;
    }
  }

  /** Where the secret is put. */
  enum Carrier {
    AUTHORIZATION_HEADER,
    SECRET_NAMED_HEADER,
    OTHER_HEADER,
    USER_AGENT,
    QUERY_PARAMETER,
    PATH,
    UPSTREAM_USER_INFO,
    UPSTREAM_QUERY,
    ERROR_TEXT,
    REQUEST_JSON_FIELD,
    RESPONSE_JSON_FIELD,
    JSON_IN_A_STRING,
    REQUEST_BODY_ANYWHERE,
    RESPONSE_BODY_ANYWHERE,
    PEM_IN_BODY;

    /** Carriers that find a secret by its shape only. */
    boolean needsShape() {
      return this == OTHER_HEADER
          || this == USER_AGENT
          || this == PATH
          || this == REQUEST_BODY_ANYWHERE
          || this == RESPONSE_BODY_ANYWHERE;
    }
  }

  /** The planted secret: {@code prefix + core}; {@code core} is what must never be stored. */
  record Secret(Shape shape, String core) {
    String value() {
      return shape.prefix + core;
    }
  }

  record Plant(Carrier carrier, Secret secret, int nameIndex, double at) {}

  @Property(tries = 400)
  void aPlantedSecretIsNeverStored(
      @ForAll("seeds") String seed,
      @ForAll("plants") Plant plant,
      @ForAll("codings") Coding coding,
      @ForAll("cuts") double cut) {
    Exchange e = exchange(Seeds.fixture(seed), plant, coding, cut);
    CaptureRedactor redactor =
        new CaptureRedactor(CapturePolicy.DEFAULT, new CredentialFingerprint(SALT));
    RedactedExchange r = redactor.redact(e);

    String needle = plant.secret().core().substring(0, 8);
    for (String stored : stored(r)) {
      assertThat(stored).as("stored text, %s", plant).doesNotContain(needle);
    }
  }

  @Property(tries = 400)
  void redactionIsIdempotentAndNeverThrows(
      @ForAll("seeds") String seed,
      @ForAll("plants") Plant plant,
      @ForAll("edits") List<Mutations.Edit> edits,
      @ForAll("contentTypes") String contentType,
      @ForAll boolean truncated) {
    Fixture f = Seeds.fixture(seed);
    byte[] body = Mutations.apply(plantInBody(f.responseBody(), plant), edits);
    byte[] once = CaptureRedactor.redactBody(body, contentType, truncated, new RedactionTally());
    byte[] twice = CaptureRedactor.redactBody(once, contentType, truncated, new RedactionTally());
    assertThat(new String(twice, ISO_8859_1)).isEqualTo(new String(once, ISO_8859_1));

    String text = new String(body, ISO_8859_1);
    String query = SecretParameters.redact(text, new RedactionTally());
    assertThat(SecretParameters.redact(query, new RedactionTally())).isEqualTo(query);
    List<Header> headers = List.of(new Header("X-Note", text), new Header("Api-Key", text));
    List<Header> redacted = CaptureRedactor.redactHeaders(headers, new RedactionTally());
    assertThat(CaptureRedactor.redactHeaders(redacted, new RedactionTally())).isEqualTo(redacted);
  }

  /** Every text of the exchange that would reach the store. */
  private static List<String> stored(RedactedExchange r) {
    List<String> out = new ArrayList<>();
    for (String s : new String[] {r.path(), r.query(), r.upstream(), r.error(), r.userAgent()}) {
      if (s != null) {
        out.add(s);
      }
    }
    Capture c = r.capture();
    for (List<Header> hs : List.of(c.requestHeaders(), c.responseHeaders())) {
      for (Header h : hs) {
        out.add(h.name() + ": " + h.value());
      }
    }
    for (CaptureBody b : new CaptureBody[] {c.request(), c.response()}) {
      if (b != null) {
        out.add(new String(b.bytes(), ISO_8859_1));
      }
    }
    return out;
  }

  private static final List<String> HEADER_NAMES =
      List.of(
          "X-Api-Key",
          "Api-Key",
          "X-Auth-Token",
          "X-Client-Secret",
          "Cookie",
          "Proxy-Authorization");
  private static final List<String> PARAMETER_NAMES =
      List.of("api_key", "access_token", "key", "token", "sig", "password", "X-Amz-Signature");
  private static final List<String> FIELD_NAMES =
      List.of(
          "api_key",
          "apiKey",
          "Api-Key",
          "password",
          "client_secret",
          "access_token",
          "token",
          "authorization",
          "x-api-key",
          "secret_access_key");

  private static Exchange exchange(Fixture f, Plant plant, Coding coding, double cut) {
    String v = plant.secret().value();
    String path = f.path().split("\\?")[0];
    String query = null;
    String upstream = "http://127.0.0.1:8080";
    String error = null;
    List<Header> requestHeaders = new ArrayList<>(f.requestHeaders());
    List<Header> responseHeaders = new ArrayList<>(f.responseHeaders());
    byte[] request = f.requestBody();
    byte[] response = f.responseBody();
    switch (plant.carrier()) {
      case AUTHORIZATION_HEADER -> requestHeaders.add(new Header("Authorization", "Bearer " + v));
      case SECRET_NAMED_HEADER ->
          requestHeaders.add(new Header(pick(HEADER_NAMES, plant.nameIndex()), v));
      case OTHER_HEADER -> responseHeaders.add(new Header("X-Note", "used " + v + " today"));
      case USER_AGENT -> requestHeaders.add(new Header("User-Agent", "client/1.0 (" + v + ")"));
      case QUERY_PARAMETER ->
          query = "a=1&" + pick(PARAMETER_NAMES, plant.nameIndex()) + "=" + v + "&b=2";
      case PATH -> path = path + "/" + v;
      case UPSTREAM_USER_INFO -> upstream = "http://user:" + v + "@127.0.0.1:8080";
      case UPSTREAM_QUERY ->
          upstream = "http://127.0.0.1:8080/?" + pick(PARAMETER_NAMES, plant.nameIndex()) + "=" + v;
      case ERROR_TEXT ->
          error =
              "upstream refused " + pick(PARAMETER_NAMES, plant.nameIndex()) + "=" + v + " here";
      default -> {} // a body
    }
    boolean requestSide =
        plant.carrier() == Carrier.REQUEST_JSON_FIELD
            || plant.carrier() == Carrier.JSON_IN_A_STRING
            || plant.carrier() == Carrier.REQUEST_BODY_ANYWHERE;
    if (requestSide) {
      request = plantInBody(request, plant);
    } else {
      response = plantInBody(response, plant);
    }
    CapturedBody requestBody = captured(request, coding, requestHeaders, requestSide ? cut : 1);
    CapturedBody responseBody = captured(response, coding, responseHeaders, requestSide ? 1 : cut);
    return new Exchange(
        1,
        1_700_000_000_000L,
        "POST",
        path,
        query,
        "127.0.0.1:50000",
        upstream,
        requestHeaders,
        f.status(),
        responseHeaders,
        false,
        request.length,
        response.length,
        12.5,
        Outcome.OK,
        error,
        ExchangeMetrics.EMPTY,
        requestBody,
        responseBody);
  }

  /** The body as sent with {@code coding} (its header set to say so), kept up to {@code cut}. */
  private static CapturedBody captured(
      byte[] plain, Coding coding, List<Header> headers, double cut) {
    headers.removeIf(h -> h.name().equalsIgnoreCase("Content-Encoding"));
    if (coding.header() != null) {
      headers.add(new Header("Content-Encoding", coding.header()));
    }
    byte[] wire = coding.encode(plain);
    int keep = (int) Math.floor(cut * wire.length);
    return keep >= wire.length
        ? new CapturedBody(wire, wire.length, false)
        : new CapturedBody(Arrays.copyOf(wire, keep), wire.length, true);
  }

  /** {@code body} with the plant's secret in it (for carriers that are not bodies: as it was). */
  static byte[] plantInBody(byte[] body, Plant plant) {
    String v = plant.secret().value();
    String name = pick(FIELD_NAMES, plant.nameIndex());
    return switch (plant.carrier()) {
      case REQUEST_JSON_FIELD, RESPONSE_JSON_FIELD ->
          plantJson(body, plant, tree -> addMember(tree, plant, name, v));
      case JSON_IN_A_STRING ->
          plantJson(
              body,
              plant,
              tree ->
                  addMember(
                      tree,
                      plant,
                      "arguments",
                      "{\"city\":\"Paris\",\"" + name + "\":\"" + v + "\"}"));
      case REQUEST_BODY_ANYWHERE, RESPONSE_BODY_ANYWHERE -> insert(body, plant.at(), " " + v + " ");
      case PEM_IN_BODY ->
          insert(
              body,
              plant.at(),
              "-----BEGIN RSA PRIVATE KEY-----\n" + v + "\nAAAA\n-----END RSA PRIVATE KEY-----");
      default -> body;
    };
  }

  private interface TreeEdit {
    void apply(JsonNode tree);
  }

  /** Adds the member to one object of the body's JSON (or of one of its SSE events' JSON). */
  private static byte[] plantJson(byte[] body, Plant plant, TreeEdit edit) {
    String text = new String(body, UTF_8);
    try {
      JsonNode tree = JSON.readTree(text);
      if (tree != null && tree.isContainerNode()) {
        edit.apply(tree);
        return JSON.writeValueAsBytes(tree);
      }
    } catch (Exception notOneJsonValue) {
      // an SSE stream, perhaps
    }
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    List<Integer> dataLines = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("data: {")) {
        dataLines.add(i);
      }
    }
    if (dataLines.isEmpty()) {
      // no JSON at all: the secret as a JSON document of its own, appended
      ObjectNode o = JSON.createObjectNode();
      edit.apply(o);
      return (text + "\n" + o).getBytes(UTF_8);
    }
    int line = dataLines.get(index(plant.at(), dataLines.size() - 1));
    try {
      JsonNode event = JSON.readTree(lines.get(line).substring(6));
      edit.apply(event);
      lines.set(line, "data: " + JSON.writeValueAsString(event));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return String.join("\n", lines).getBytes(UTF_8);
  }

  private static int index(double at, int max) {
    return (int) Math.max(0, Math.min(max, Math.floor(at * max)));
  }

  /** Puts {@code name: value} into an object of {@code tree} picked by the plant's position. */
  private static void addMember(JsonNode tree, Plant plant, String name, String value) {
    List<ObjectNode> objects = new ArrayList<>();
    collect(tree, objects);
    if (objects.isEmpty()) {
      if (tree instanceof ArrayNode a) {
        a.addObject().put(name, value);
      }
      return;
    }
    objects.get(index(plant.at(), objects.size() - 1)).put(name, value);
  }

  private static void collect(JsonNode node, List<ObjectNode> into) {
    if (node instanceof ObjectNode o) {
      into.add(o);
    }
    node.forEach(child -> collect(child, into));
  }

  private static byte[] insert(byte[] body, double at, String text) {
    return new Mutations.Insert(at, text, 1).apply(body);
  }

  private static String pick(List<String> names, int index) {
    return names.get(Math.floorMod(index, names.size()));
  }

  /** What a body may claim to be: the form readers must take any bytes under any of these. */
  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        null,
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=----x",
        "multipart/form-data; boundary=\"a b\"",
        "multipart/form-data");
  }

  @Provide
  Arbitrary<String> seeds() {
    return Seeds.anyName();
  }

  @Provide
  Arbitrary<Plant> plants() {
    Arbitrary<Carrier> carriers = Arbitraries.of(Carrier.class);
    return carriers.flatMap(
        carrier -> {
          Arbitrary<Shape> shapes =
              carrier.needsShape()
                  ? Arbitraries.of(
                      Arrays.stream(Shape.values()).filter(s -> s != Shape.PLAIN).toList())
                  : Arbitraries.of(Shape.class);
          Arbitrary<Secret> secrets =
              Combinators.combine(shapes, Arbitraries.longs())
                  .as((shape, seed) -> new Secret(shape, core(shape, seed)));
          return Combinators.combine(
                  secrets,
                  Arbitraries.integers().between(0, 20),
                  Arbitraries.doubles().between(0, 1).ofScale(4))
              .as((secret, nameIndex, at) -> new Plant(carrier, secret, nameIndex, at));
        });
  }

  /** Random characters the shape allows (upper case and digits for AWS), from {@code seed}. */
  private static String core(Shape shape, long seed) {
    String alphabet =
        shape == Shape.AWS
            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(shape.length);
    for (int i = 0; i < shape.length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Provide
  Arbitrary<Coding> codings() {
    return Arbitraries.of(Coding.class);
  }

  /** Where the capture of the secret's body is cut: mostly not at all. */
  @Provide
  Arbitrary<Double> cuts() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(1.0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1).ofScale(4)));
  }

  @Provide
  Arbitrary<List<Mutations.Edit>> edits() {
    return Mutations.edits(5);
  }
}
