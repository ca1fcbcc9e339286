package dev.tokentap.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.BuildInfo;
import dev.tokentap.model.Header;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * HAR 1.2 ({@code .har}): one {@code log} with one entry per exchange, by increasing id, written as
 * it is read (one exchange and its decompressed capture in memory at a time).
 *
 * <ul>
 *   <li>{@code request.url}: the upstream URL + path + (redacted) query; headers from the capture
 *       (already redacted); {@code postData.text} the decoded, redacted request body.
 *   <li>{@code response.content.text}: the decoded, redacted body; base64 ({@code "encoding":
 *       "base64"}) when it is not valid UTF-8 or could not be decoded; a {@code comment} says when
 *       it was truncated.
 *   <li>{@code timings}: TokenTap stores no time-to-response-headers. {@code wait} is {@code
 *       ttft_ms} for a stream (time to the first generated token, later than the headers), else the
 *       whole {@code duration_ms}; {@code receive} is the rest; {@code send} 0; the others -1.
 *   <li>{@code _resourceType} {@code fetch} and {@code response._transferSize} (= {@code
 *       bodySize}): Chromium's own HAR fields, so its DevTools lists the entries under Fetch/XHR
 *       and shows the bytes transferred right ({@code src/test/browser/har-in-devtools.sh} imports
 *       a file there).
 *   <li>{@code _tokentap}: every column of {@code exchanges}, named as in the schema.
 * </ul>
 */
public final class HarExporter implements Exporter {

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String HTTP_VERSION = "HTTP/1.1";

  private final String creatorVersion;
  private boolean withBodies = true;

  public HarExporter() {
    this(BuildInfo.version());
  }

  /** With {@code log.creator.version} set to {@code creatorVersion}. */
  public HarExporter(String creatorVersion) {
    this.creatorVersion = creatorVersion;
  }

  /** Without bodies ({@code --no-bodies}): headers, sizes and metrics only. */
  public HarExporter withBodies(boolean with) {
    this.withBodies = with;
    return this;
  }

  @Override
  public long export(ExchangeStore store, ExchangeFilter filter, Path file, LongConsumer progress)
      throws IOException {
    JsonFactory factory = new JsonFactory();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("log");
      g.writeStringField("version", "1.2");
      g.writeObjectFieldStart("creator");
      g.writeStringField("name", "TokenTap");
      g.writeStringField("version", creatorVersion);
      g.writeEndObject();
      g.writeArrayFieldStart("entries");
      long[] n = {0};
      store.forEach(
          filter,
          x -> {
            Capture c = store.capture(x.id()).orElse(null);
            if (c != null && !withBodies) {
              c = new Capture(c.requestHeaders(), c.responseHeaders(), null, null, c.redactions());
            }
            writeEntry(g, x, c);
            progress.accept(++n[0]);
          });
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      return n[0];
    }
  }

  /** Writes one entry of {@code log.entries}; {@code c} is null when nothing was captured. */
  public static void writeEntry(JsonGenerator g, StoredExchange x, Capture c) throws IOException {
    double duration = x.durationMs();
    double wait = x.streamed() && x.ttftMs() != null ? Math.min(x.ttftMs(), duration) : duration;
    List<Header> requestHeaders = c == null ? List.of() : c.requestHeaders();
    List<Header> responseHeaders = c == null ? List.of() : c.responseHeaders();

    g.writeStartObject();
    g.writeStringField("startedDateTime", STARTED.format(Instant.ofEpochMilli(x.startedAt())));
    g.writeNumberField("time", duration);

    g.writeObjectFieldStart("request");
    g.writeStringField("method", x.method());
    g.writeStringField("url", url(x));
    g.writeStringField("httpVersion", HTTP_VERSION);
    g.writeArrayFieldStart("cookies");
    g.writeEndArray();
    headers(g, requestHeaders);
    g.writeArrayFieldStart("queryString");
    if (x.query() != null && !x.query().isEmpty()) {
      for (String pair : x.query().split("&", -1)) {
        int eq = pair.indexOf('=');
        g.writeStartObject();
        g.writeStringField("name", decode(eq < 0 ? pair : pair.substring(0, eq)));
        g.writeStringField("value", eq < 0 ? "" : decode(pair.substring(eq + 1)));
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    CaptureBody requestBody = c == null ? null : c.request();
    if (requestBody != null && (requestBody.bytes().length > 0 || requestBody.originalSize() > 0)) {
      g.writeObjectFieldStart("postData");
      g.writeStringField("mimeType", contentType(requestHeaders));
      Text t = text(requestBody);
      g.writeStringField("text", t.text);
      if (t.base64) {
        g.writeStringField("_encoding", "base64");
      }
      if (t.comment != null) {
        g.writeStringField("comment", t.comment);
      }
      g.writeEndObject();
    }
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", x.requestBytes());
    g.writeEndObject();

    g.writeObjectFieldStart("response");
    int status = x.status() == null ? 0 : x.status();
    g.writeNumberField("status", status);
    g.writeStringField("statusText", reasonPhrase(status));
    g.writeStringField("httpVersion", HTTP_VERSION);
    g.writeArrayFieldStart("cookies");
    g.writeEndArray();
    headers(g, responseHeaders);
    g.writeObjectFieldStart("content");
    CaptureBody responseBody = c == null ? null : c.response();
    if (responseBody == null) {
      g.writeNumberField("size", c == null ? x.responseBytes() : 0);
      g.writeStringField("mimeType", contentType(responseHeaders));
      if (c == null) {
        g.writeStringField("comment", "not captured");
      }
    } else {
      g.writeNumberField("size", responseBody.originalSize());
      if (responseBody.decoded()
          && responseBody.wireEncoding() != null
          && responseBody.originalSize() > x.responseBytes()
          && !responseBody.truncated()) {
        g.writeNumberField("compression", responseBody.originalSize() - x.responseBytes());
      }
      g.writeStringField("mimeType", contentType(responseHeaders));
      Text t = text(responseBody);
      g.writeStringField("text", t.text);
      if (t.base64) {
        g.writeStringField("encoding", "base64");
      }
      if (t.comment != null) {
        g.writeStringField("comment", t.comment);
      }
    }
    g.writeEndObject();
    g.writeStringField("redirectURL", "");
    g.writeNumberField("headersSize", -1);
    g.writeNumberField("bodySize", x.responseBytes());
    // Chromium's own field: without it DevTools shows headersSize + bodySize, one byte short.
    g.writeNumberField("_transferSize", x.responseBytes());
    g.writeEndObject();

    g.writeObjectFieldStart("cache");
    g.writeEndObject();

    g.writeObjectFieldStart("timings");
    g.writeNumberField("blocked", -1);
    g.writeNumberField("dns", -1);
    g.writeNumberField("connect", -1);
    g.writeNumberField("send", 0);
    g.writeNumberField("wait", wait);
    g.writeNumberField("receive", duration - wait);
    g.writeNumberField("ssl", -1);
    g.writeEndObject();

    // Chromium's own field: an API call, so DevTools lists it under Fetch/XHR (from the mime type
    // alone JSON and SSE answers would be listed as scripts).
    g.writeStringField("_resourceType", "fetch");
    tokentap(g, x);
    g.writeEndObject();
  }

  /** Every column of {@code exchanges}, in table order ({@link StoredExchange#COLUMNS}). */
  private static void tokentap(JsonGenerator g, StoredExchange x) throws IOException {
    g.writeObjectFieldStart("_tokentap");
    g.writeNumberField("id", x.id());
    g.writeNumberField("started_at", x.startedAt());
    string(g, "method", x.method());
    string(g, "path", x.path());
    string(g, "model", x.model());
    number(g, "status", x.status());
    g.writeBooleanField("streamed", x.streamed());
    real(g, "ttft_ms", x.ttftMs());
    g.writeNumberField("duration_ms", x.durationMs());
    number(g, "prompt_tokens", x.promptTokens());
    number(g, "cached_tokens", x.cachedTokens());
    number(g, "completion_tokens", x.completionTokens());
    real(g, "prompt_tps", x.promptTps());
    real(g, "gen_tps", x.genTps());
    g.writeNumberField("request_bytes", x.requestBytes());
    g.writeNumberField("response_bytes", x.responseBytes());
    string(g, "outcome", x.outcome() == null ? null : x.outcome().code());
    string(g, "error", x.error());
    string(g, "query", x.query());
    string(g, "endpoint", x.endpoint() == null ? null : x.endpoint().code());
    string(g, "finish_reason", x.finishReason());
    real(g, "max_gap_ms", x.maxGapMs());
    number(g, "event_count", x.eventCount());
    g.writeBooleanField("usage_reported", x.usageReported());
    string(g, "client_address", x.clientAddress());
    string(g, "user_agent", x.userAgent());
    string(g, "credential_fp", x.credentialFp());
    string(g, "upstream", x.upstream());
    string(g, "conversation_id", x.conversationId());
    number(g, "turn", x.turn());
    string(g, "cache_miss", x.cacheMiss());
    string(g, "cache_note", x.cacheNote());
    number(g, "cache_lost_tokens", x.cacheLostTokens());
    number(g, "replay_of", x.replayOf());
    g.writeEndObject();
  }

  private static void headers(JsonGenerator g, List<Header> headers) throws IOException {
    g.writeArrayFieldStart("headers");
    for (Header h : headers) {
      g.writeStartObject();
      g.writeStringField("name", h.name());
      g.writeStringField("value", h.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator g, String name, Number value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.longValue());
    }
  }

  private static void real(JsonGenerator g, String name, Double value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.doubleValue());
    }
  }

  /** The upstream base URL (without a trailing slash) + path + {@code ?query}. */
  static String url(StoredExchange x) {
    String base = x.upstream() == null ? "" : x.upstream();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String path = x.path() == null ? "" : x.path();
    String url = base + path;
    return x.query() == null ? url : url + "?" + x.query();
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String contentType(List<Header> headers) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase("Content-Type")) {
        return h.value();
      }
    }
    return "";
  }

  private record Text(String text, boolean base64, String comment) {}

  /** A body as HAR text: UTF-8 when it is, else base64; with a comment when partial or encoded. */
  private static Text text(CaptureBody body) {
    String comment = null;
    if (body.truncated()) {
      comment =
          "truncated: the first "
              + body.bytes().length
              + " of "
              + body.originalSize()
              + " bytes were captured";
    }
    if (!body.decoded()) {
      String still = "still " + body.wireEncoding() + "-encoded (TokenTap could not decode it)";
      comment = comment == null ? still : comment + "; " + still;
      return new Text(Base64.getEncoder().encodeToString(body.bytes()), true, comment);
    }
    String utf8 = utf8(body.bytes());
    if (utf8 == null) {
      return new Text(Base64.getEncoder().encodeToString(body.bytes()), true, comment);
    }
    return new Text(utf8, false, comment);
  }

  /** {@code bytes} as a string when they are valid UTF-8, else null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The standard reason phrase of {@code status}, or "" when there is none. */
  public static String reasonPhrase(int status) {
    return ReasonPhrases.of(status);
  }
}
