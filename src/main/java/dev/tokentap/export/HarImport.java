package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.capture.CapturePolicy;
import dev.tokentap.metrics.MetricsMeterFactory;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.Recorder;
import dev.tokentap.store.RecorderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Turns a HAR file into a TokenTap database: each entry becomes an {@link Exchange} (method, URL,
 * headers, bodies, status, start and duration), is measured by the same {@link MetricsMeterFactory}
 * as live traffic (fed the bodies, so token figures of an OpenAI-compatible server's HAR show up)
 * and is written by the store's own recorder, which redacts it with the same {@code
 * CaptureRedactor} as live captures before anything reaches the file.
 *
 * <p>HAR bodies are already decoded text, so {@code Content-Encoding} headers are dropped: the
 * stored capture is then the plain body, as TokenTap would have stored it after decoding.
 */
public final class HarImport {

  private static final int CAP = CapturePolicy.DEFAULT_BODY_CAP;

  private final MetricsMeterFactory meters = new MetricsMeterFactory();

  /**
   * Reads {@code har} into a new store in {@code dataDir} (which must be empty or missing) and
   * returns what the HAR said about itself.
   */
  public HarReader.Result importInto(Path har, Path dataDir) {
    try (ExchangeStore store = ExchangeStore.open(dataDir)) {
      Recorder recorder = store.startRecorder(RecorderSettings.defaults());
      HarReader.Result r =
          new HarReader().read(har, (i, entry) -> offer(recorder, toExchange(i, entry)));
      recorder.close();
      long lost = recorder.failedCount() + recorder.droppedCount();
      if (lost > 0) {
        throw new ExportException("Cannot store " + lost + " entries of " + har + ".");
      }
      return r;
    }
  }

  /** Queues {@code e}; when the queue is full, waits for the recorder to write it out first. */
  private static void offer(Recorder recorder, Exchange e) {
    for (int attempt = 0; !recorder.offer(e); attempt++) {
      if (!recorder.status().recording()) {
        throw new ExportException(
            "Cannot store HAR entry " + e.id() + ": " + recorder.status().problem() + ".");
      }
      if (attempt == 3) {
        throw new ExportException(
            "Cannot store HAR entry " + e.id() + ": the recorder refused it.");
      }
      try {
        recorder.flush(Duration.ofMinutes(1));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new ExportException("Interrupted while reading the HAR file.", ex);
      }
    }
  }

  /** One HAR entry as an exchange, measured. */
  Exchange toExchange(int index, JsonNode entry) {
    String where = "entry " + (index + 1);
    JsonNode request = entry.path("request");
    JsonNode response = entry.path("response");
    String method = Json.str(request, "method");
    String url = Json.str(request, "url");
    if (method == null || url == null) {
      throw new ExportException(
          "Not a usable HAR file: " + where + " has no request.method or request.url.");
    }
    long startedAt = startedAt(Json.str(entry, "startedDateTime"));
    Url u = url(url);
    List<Header> requestHeaders = headers(request.path("headers"));
    List<Header> responseHeaders = headers(response.path("headers"));
    byte[] requestBody = body(request.path("postData"), "_encoding");
    byte[] responseBody = body(response.path("content"), "encoding");
    int status = response.path("status").asInt(0);
    double time = Math.max(0, entry.path("time").asDouble(0));
    double ttfb = firstByteMs(entry.path("timings"), time);

    ExchangeMeter meter = meters.start(method, u.path, requestHeaders, 0);
    meter.onRequestBody(requestBody, 0, requestBody.length);
    long firstByte = (long) (ttfb * 1e6);
    meter.onResponseStart(status, responseHeaders, firstByte);
    meter.onResponseBody(responseBody, 0, responseBody.length, firstByte);
    ExchangeMetrics metrics = meter.finish((long) (time * 1e6));

    long requestBytes = size(request.path("bodySize"), requestBody.length);
    long responseBytes = size(response.path("bodySize"), responseBody.length);
    Outcome outcome = status >= 100 && status < 400 ? Outcome.OK : Outcome.UPSTREAM_ERROR;
    String error = status == 0 ? "no response in the HAR" : status >= 400 ? "HTTP " + status : null;
    // No event times: a HAR has the body, not when each event arrived (the meter saw them all at
    // once), so the exchange carries none.
    return new Exchange(
        index + 1L,
        startedAt,
        method,
        u.path,
        u.query,
        null,
        u.base,
        requestHeaders,
        status,
        responseHeaders,
        metrics.eventCount() != null,
        requestBytes,
        responseBytes,
        time,
        outcome,
        error,
        metrics,
        captured(requestBody),
        captured(responseBody));
  }

  private static long startedAt(String text) {
    if (text == null) {
      return 0;
    }
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      return 0; // not a date, or one beyond what epoch milliseconds can hold
    }
  }

  private record Url(String base, String path, String query) {}

  private static Url url(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() != null && uri.getRawAuthority() != null) {
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Url(uri.getScheme() + "://" + uri.getRawAuthority(), path, uri.getRawQuery());
      }
    } catch (URISyntaxException e) {
      // split by hand below
    }
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    return new Url(null, path.isEmpty() ? "/" : path, q < 0 ? null : url.substring(q + 1));
  }

  /** HAR headers, without HTTP/2 pseudo-headers and without Content-Encoding (bodies are plain). */
  private static List<Header> headers(JsonNode array) {
    List<Header> out = new ArrayList<>();
    for (JsonNode h : array) {
      String name = Json.str(h, "name");
      String value = Json.str(h, "value");
      if (name == null || name.isEmpty() || name.startsWith(":") || value == null) {
        continue;
      }
      if (name.equalsIgnoreCase("Content-Encoding")) {
        continue;
      }
      out.add(new Header(name, value));
    }
    return out;
  }

  /** {@code text}, base64-decoded when {@code encodingField} says so; empty when absent. */
  private static byte[] body(JsonNode holder, String encodingField) {
    String text = Json.str(holder, "text");
    if (text == null) {
      return new byte[0];
    }
    if ("base64".equalsIgnoreCase(Json.str(holder, encodingField))) {
      try {
        return Base64.getMimeDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        return text.getBytes(StandardCharsets.UTF_8);
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Time to the first response byte: the non-negative timings before {@code receive}. */
  private static double firstByteMs(JsonNode timings, double time) {
    if (!timings.isObject() || !timings.has("wait")) {
      return time;
    }
    double sum = 0;
    for (String phase : List.of("blocked", "dns", "connect", "send", "wait")) {
      double v = timings.path(phase).asDouble(-1);
      if (v > 0) {
        sum += v;
      }
    }
    return Math.min(sum, time);
  }

  private static long size(JsonNode declared, long fallback) {
    long v = declared.asLong(-1);
    return v >= 0 ? v : fallback;
  }

  private static CapturedBody captured(byte[] body) {
    if (body.length <= CAP) {
      return new CapturedBody(body, body.length, false);
    }
    return new CapturedBody(Arrays.copyOf(body, CAP), body.length, true);
  }
}
