package dev.tokentap.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.PromptProgressEvents;
import dev.tokentap.endpoint.ReportedUsage;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.PromptProgress;
import java.util.List;

/**
 * Measures one exchange as its bytes pass. Streams (SSE, NDJSON) are parsed event by event as they
 * arrive; other bodies are buffered up to a limit and parsed once at {@link #finish}.
 *
 * <p>Threading: every method but {@link #snapshot()} runs on the exchange's own thread, which owns
 * all mutable state. After each call that changes what is known, an immutable {@link
 * ExchangeMetrics} is published through a volatile field, so {@link #snapshot()} from any thread is
 * one volatile read. No method throws: a failure stops measuring and keeps what was published.
 */
final class MetricsMeter implements ExchangeMeter {

  private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

  private final Endpoint endpoint;
  private final MeterLimits limits;
  private final RequestBodyProbe request;
  private final ReportedUsage usage = new ReportedUsage();
  private final EndpointFamily family;
  private final StreamTimeline timeline;

  private BodyKind kind;
  private ContentDecoder decoder;
  private SseEventReader sse;
  private NdjsonLineReader ndjson;
  private BoundedBodyBuffer body;
  private long now;
  private boolean stopped;
  private ExchangeMetrics result;
  private EventTimes eventTimes = EventTimes.EMPTY;
  private volatile ExchangeMetrics published = ExchangeMetrics.EMPTY;
  private volatile PromptProgress progress;

  MetricsMeter(String path, List<Header> requestHeaders, long startNanos, MeterLimits limits) {
    this.endpoint = Endpoint.of(withoutQuery(path));
    this.limits = limits;
    String requestEncoding = null;
    try {
      requestEncoding =
          requestHeaders == null ? null : Header.first(requestHeaders, "Content-Encoding");
    } catch (RuntimeException e) {
      // A list holding nulls: read the body as it comes.
    }
    this.request = new RequestBodyProbe(limits.maxRequestBytes(), requestEncoding);
    this.family = EndpointFamily.of(endpoint);
    this.timeline = new StreamTimeline(startNanos);
  }

  @Override
  public void onRequestBody(byte[] buf, int off, int len) {
    if (stopped || buf == null || off < 0 || len <= 0 || off > buf.length - len) {
      return;
    }
    try {
      request.append(buf, off, len);
    } catch (RuntimeException | StackOverflowError e) {
      stopped = true;
    }
  }

  @Override
  public void onResponseStart(int status, List<Header> headers, long nanoTime) {
    if (stopped || kind != null) {
      return;
    }
    try {
      request.close();
      List<Header> h = headers == null ? List.of() : headers;
      decoder = ContentDecoder.forEncoding(Header.first(h, "Content-Encoding"));
      kind =
          decoder == null
              ? BodyKind.IGNORED
              : BodyKind.of(Header.first(h, "Content-Type"), request.facts().stream(), endpoint);
      switch (kind) {
        case SSE -> sse = new SseEventReader(limits.maxEventBytes(), this::onSseEvent);
        case NDJSON -> ndjson = new NdjsonLineReader(limits.maxEventBytes(), this::onNdjsonLine);
        case BUFFERED -> body = new BoundedBodyBuffer(limits.maxBodyBytes());
        case IGNORED -> {}
      }
      publish();
    } catch (RuntimeException | StackOverflowError e) {
      stopped = true;
    }
  }

  @Override
  public void onResponseBody(byte[] buf, int off, int len, long nanoTime) {
    if (stopped || buf == null || off < 0 || len <= 0 || off > buf.length - len) {
      return;
    }
    try {
      if (kind == null) {
        onResponseStart(0, List.of(), nanoTime); // no headers seen: read it as a plain body
      }
      if (kind == BodyKind.IGNORED || decoder.failed() || (body != null && body.overflowed())) {
        return;
      }
      now = nanoTime;
      decoder.decode(buf, off, len, this::onDecoded);
      if (kind.isStream()) {
        publish();
      }
    } catch (RuntimeException | StackOverflowError e) {
      stopped = true;
    }
  }

  @Override
  public ExchangeMetrics snapshot() {
    return published;
  }

  @Override
  public ExchangeMetrics finish(long nanoTime) {
    if (result != null) {
      return result;
    }
    try {
      if (!stopped) {
        now = nanoTime;
        request.close();
        if (sse != null) {
          sse.finish();
        } else if (ndjson != null) {
          ndjson.finish();
        } else if (body != null && !body.overflowed() && !decoder.failed()) {
          JsonPayloadReader.readObjects(
              body.array(),
              0,
              body.length(),
              EndpointFamily.USAGE_BODY_FIELDS,
              obj -> family.usageFromBody(obj, usage));
        }
        publish();
      }
    } catch (RuntimeException | StackOverflowError e) {
      // Keep what was published before the failure.
    } finally {
      stopped = true;
      if (isStream() && timeline.eventCount() > 0) {
        eventTimes = timeline.eventTimes(); // once, here: snapshots stay one volatile read
      }
      if (decoder != null) {
        decoder.close();
      }
      if (body != null) {
        body.release();
      }
      sse = null;
      ndjson = null;
      result = published;
    }
    return result;
  }

  @Override
  public EventTimes eventTimes() {
    return eventTimes;
  }

  /**
   * Bytes its buffers take now (request probe, decoder, stream reader or body buffer): what the
   * memory bound (tests) is checked on.
   */
  int retainedBytes() {
    return request.retainedBytes()
        + (decoder == null ? 0 : decoder.retainedBytes())
        + (sse == null ? 0 : sse.retainedBytes())
        + (ndjson == null ? 0 : ndjson.retainedBytes())
        + (body == null ? 0 : body.array().length);
  }

  private void onDecoded(byte[] buf, int off, int len) {
    switch (kind) {
      case SSE -> sse.feed(buf, off, len);
      case NDJSON -> ndjson.feed(buf, off, len);
      case BUFFERED -> body.append(buf, off, len);
      case IGNORED -> {}
    }
  }

  private void onSseEvent(String type, byte[] data, int len) {
    if (data != null && isDone(data, len)) {
      // The OpenAI-style "data: [DONE]" terminator is counted as an event like any other.
      timeline.onEvent(now, false);
      return;
    }
    onStreamEvent(type, data, len);
  }

  private void onNdjsonLine(byte[] line, int len) {
    onStreamEvent(null, line, len);
  }

  /** One stream event; {@code data} is null for an event skipped as too large (still counted). */
  private void onStreamEvent(String type, byte[] data, int len) {
    boolean output = false;
    if (data != null) {
      JsonNode node = JsonPayloadReader.readValue(data, 0, len);
      if (node != null) {
        output = family.carriesOutput(type, node);
        readProgress(node);
        family.usageFromEvent(type, node, usage);
      }
    }
    timeline.onEvent(now, output);
  }

  private void readProgress(JsonNode node) {
    PromptProgress p = PromptProgressEvents.of(node);
    if (p != null) {
      progress = p;
    }
  }

  @Override
  public PromptProgress promptProgress() {
    return progress;
  }

  private void publish() {
    published = build();
  }

  private ExchangeMetrics build() {
    RequestBodyProbe.Facts asked = request.facts();
    String model = usage.model() != null ? usage.model() : asked.model();
    boolean stream = isStream();
    Long completion = usage.completionTokens();
    if (completion == null && stream && family.detectsOutput() && timeline.outputEventCount() > 0) {
      // Nothing reported (yet): the token events seen so far stand in for the count.
      completion = (long) timeline.outputEventCount();
    }
    Double genTps = usage.genTps();
    if (genTps == null && stream) {
      genTps = timeline.measuredGenTps(completion);
    }
    return new ExchangeMetrics(
        model,
        usage.finishReason(),
        usage.promptTokens(),
        usage.cachedTokens(),
        completion,
        usage.promptTps(),
        genTps,
        stream ? timeline.ttftMs() : null,
        stream ? timeline.maxGapMs() : null,
        stream ? timeline.eventCount() : null,
        usage.countsReported());
  }

  /** A stream response (a body that could not be decoded and yielded no event is not one). */
  private boolean isStream() {
    return kind != null
        && kind.isStream()
        && !(decoder != null && decoder.failed() && timeline.eventCount() == 0);
  }

  private static boolean isDone(byte[] data, int len) {
    int start = 0;
    int end = len;
    while (start < end && Character.isWhitespace(data[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(data[end - 1])) {
      end--;
    }
    if (end - start != DONE.length) {
      return false;
    }
    for (int i = 0; i < DONE.length; i++) {
      if (data[start + i] != DONE[i]) {
        return false;
      }
    }
    return true;
  }

  private static String withoutQuery(String path) {
    if (path == null) {
      return null;
    }
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
