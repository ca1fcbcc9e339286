package dev.tokentap.forward;

import com.sun.net.httpserver.HttpExchange;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One exchange from the moment its request arrives to the moment it is handed on as an {@link
 * Exchange}: forwards the request, streams the answer back chunk by chunk (each flushed at once),
 * and tees both bodies to the meter and the capture copy after the bytes have gone on.
 */
final class ExchangeRun implements InFlightExchange, ClientRequestBody.Tee {

  private static final System.Logger LOG = System.getLogger(ExchangeRun.class.getName());
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

  private final long id;
  private final long startedAtMs;
  private final long startNanos;
  private final String method;
  private final String path;
  private final String query;
  private final String clientAddress;
  private final URI upstream;
  private final UpstreamClient upstreamClient;
  private final List<Header> requestHeaders;
  private final ExchangeMeter meter;
  private final BoundedCopy requestCopy;
  private final BoundedCopy responseCopy;
  private final ExchangeListener listener;

  private volatile long requestBytes;
  private volatile long responseBytes;
  private volatile int status;
  private volatile List<Header> responseHeaders = List.of();
  private volatile UpstreamCall call;
  private volatile boolean cancelled;
  private volatile String cancelReason;
  private long lastProgressNanos;

  ExchangeRun(
      long id,
      HttpExchange http,
      URI upstream,
      UpstreamClient upstreamClient,
      int captureCap,
      ExchangeMeter.Factory meters,
      ExchangeListener listener) {
    this.id = id;
    this.startedAtMs = System.currentTimeMillis();
    this.startNanos = System.nanoTime();
    this.method = http.getRequestMethod();
    this.path = http.getRequestURI().getRawPath();
    this.query = http.getRequestURI().getRawQuery();
    this.clientAddress = addressOf(http);
    this.upstream = upstream;
    this.upstreamClient = upstreamClient;
    this.requestHeaders = headersOf(http.getRequestHeaders());
    this.meter = meters.start(method, path, requestHeaders, startNanos);
    this.requestCopy = captureCap > 0 ? new BoundedCopy(captureCap) : null;
    this.responseCopy = captureCap > 0 ? new BoundedCopy(captureCap) : null;
    this.listener = listener;
  }

  /** Runs the whole exchange on the calling thread and reports its end to the listener. */
  void run(HttpExchange http) {
    safely(() -> listener.started(this));
    Ending ending;
    try {
      ending = forward(http);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "exchange " + id + " failed", e);
      ending = new Ending(Outcome.UPSTREAM_ABORTED, "TokenTap failed: " + e, true);
    }
    long end = System.nanoTime();
    if (!ending.abortClient()) {
      http.close();
    }
    Exchange exchange = toExchange(ending, end);
    safely(() -> listener.finished(exchange));
    if (ending.abortClient()) {
      // The client must not take a broken answer for a whole one: closing the connection without
      // the last chunk (or short of Content-Length) is how HTTP says so.
      throw new ConnectionAbort(ending.error());
    }
  }

  private Ending forward(HttpExchange http) {
    ClientRequestBody body = requestBodyFor(http);
    UpstreamResponse response;
    try {
      UpstreamCall c = newCall(body);
      call = c;
      if (cancelled) {
        c.cancel();
      }
      response = c.execute();
    } catch (IOException e) {
      if (cancelled) {
        return new Ending(Outcome.CLIENT_ABORTED, cancelReason, true);
      }
      if (body != null && body.clientFailure() != null) {
        return new Ending(Outcome.CLIENT_ABORTED, "client hung up while sending the request", true);
      }
      if (body != null && !body.started()) {
        body.drainInto(this);
      }
      return answerUpstreamUnavailable(http, e);
    }
    try (response) {
      return relay(http, response);
    }
  }

  private UpstreamCall newCall(ClientRequestBody body) {
    String target = path;
    if (query != null) {
      target += "?" + query;
    }
    return upstreamClient.newCall(upstream, method, target, requestHeaders, body);
  }

  private Ending relay(HttpExchange http, UpstreamResponse response) {
    ResponseHead head = response.head();
    status = head.status();
    List<Header> responseHeaders = head.headers();
    this.responseHeaders = responseHeaders;
    long headersNanos = System.nanoTime();
    safely(() -> meter.onResponseStart(status, responseHeaders, headersNanos));
    Outcome done = status >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.OK;
    String doneError = status >= 400 ? "upstream answered " + status : null;
    try {
      for (Header h : HopByHopHeaders.strip(responseHeaders)) {
        http.getResponseHeaders().add(h.name(), h.value());
      }
      http.sendResponseHeaders(status, clientLength(head));
    } catch (IOException e) {
      response.close();
      return new Ending(Outcome.CLIENT_ABORTED, "client hung up before the answer", true);
    }
    InputStream in = response.body();
    OutputStream out = http.getResponseBody();
    byte[] buf = new byte[16 * 1024];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        if (cancelled) {
          return new Ending(Outcome.CLIENT_ABORTED, cancelReason, true);
        }
        return new Ending(
            Outcome.UPSTREAM_ABORTED, "upstream broke off the answer: " + describe(e), true);
      }
      if (n < 0) {
        return new Ending(done, doneError, false);
      }
      long now = System.nanoTime();
      try {
        out.write(buf, 0, n);
        out.flush();
      } catch (IOException e) {
        // Closing the upstream connection is how the server learns the client has gone.
        call.cancel();
        return new Ending(Outcome.CLIENT_ABORTED, "client hung up during the answer", true);
      }
      responseBytes += n;
      if (responseCopy != null) {
        responseCopy.append(buf, 0, n);
      }
      safely(() -> meter.onResponseBody(buf, 0, n, now));
      if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
        lastProgressNanos = now;
        safely(() -> listener.progressed(this));
      }
    }
  }

  private long clientLength(ResponseHead response) {
    if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
      return -1;
    }
    String declared = response.header("Content-Length");
    if (declared == null || response.header("Transfer-Encoding") != null) {
      return 0; // chunked; with both headers, Transfer-Encoding wins (RFC 9112 section 6.3)
    }
    try {
      long length = Long.parseLong(declared.trim());
      return length == 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Ending answerUpstreamUnavailable(HttpExchange http, IOException e) {
    String message =
        "TokenTap could not reach the model server at " + upstream + ": " + describe(e);
    status = 502;
    byte[] json =
        ("{\"error\":{\"type\":\"upstream_unavailable\",\"message\":" + quote(message) + "}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try {
      http.getResponseHeaders().set("Content-Type", "application/json");
      http.sendResponseHeaders(502, json.length);
      http.getResponseBody().write(json);
      responseBytes = json.length;
      if (responseCopy != null) {
        responseCopy.append(json, 0, json.length);
      }
    } catch (IOException ignored) {
      // The client left too; the exchange is recorded all the same.
    }
    return new Ending(Outcome.UPSTREAM_UNAVAILABLE, message, false);
  }

  private ClientRequestBody requestBodyFor(HttpExchange http) {
    String length = http.getRequestHeaders().getFirst("Content-Length");
    boolean chunked = http.getRequestHeaders().getFirst("Transfer-Encoding") != null;
    long contentLength = -1;
    if (length != null) {
      try {
        contentLength = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        contentLength = -1;
      }
    }
    if (contentLength <= 0 && !chunked) {
      return null;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      return null;
    }
    return new ClientRequestBody(http.getRequestBody(), chunked ? -1 : contentLength, this);
  }

  @Override
  public void requestBytes(byte[] buf, int off, int len) {
    requestBytes += len;
    if (requestCopy != null) {
      requestCopy.append(buf, off, len);
    }
    safely(() -> meter.onRequestBody(buf, off, len));
  }

  private Exchange toExchange(Ending ending, long endNanos) {
    ExchangeMetrics metrics;
    EventTimes eventTimes;
    try {
      metrics = meter.finish(endNanos);
      eventTimes = metrics.eventCount() != null ? meter.eventTimes() : EventTimes.EMPTY;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "metrics failed for exchange " + id, e);
      metrics = ExchangeMetrics.EMPTY;
      eventTimes = EventTimes.EMPTY;
    }
    CapturedBody req = requestCopy == null ? null : requestCopy.toCapturedBody();
    CapturedBody res = responseCopy == null ? null : responseCopy.toCapturedBody();
    return new Exchange(
        id,
        startedAtMs,
        method,
        path,
        query,
        clientAddress,
        upstream.toString(),
        requestHeaders,
        status,
        responseHeaders,
        metrics.eventCount() != null,
        requestBytes,
        responseBytes,
        (endNanos - startNanos) / 1e6,
        ending.outcome(),
        ending.error(),
        metrics,
        req,
        res,
        eventTimes);
  }

  @Override
  public void cancel() {
    cancel("cancelled in TokenTap");
  }

  void cancel(String reason) {
    cancelReason = reason;
    cancelled = true;
    UpstreamCall c = call;
    if (c != null) {
      c.cancel();
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public long startedAtMs() {
    return startedAtMs;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long requestBytes() {
    return requestBytes;
  }

  @Override
  public long responseBytes() {
    return responseBytes;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public ExchangeMetrics metricsSoFar() {
    try {
      return meter.snapshot();
    } catch (RuntimeException e) {
      return ExchangeMetrics.EMPTY;
    }
  }

  private static String addressOf(HttpExchange http) {
    var a = http.getRemoteAddress();
    return a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static List<Header> headersOf(Map<String, List<String>> headers) {
    List<Header> list = new ArrayList<>();
    for (var e : headers.entrySet()) {
      for (String v : e.getValue()) {
        list.add(new Header(e.getKey(), v));
      }
    }
    return list;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return switch (e) {
      case java.net.ConnectException c -> "connection refused";
      case java.net.SocketTimeoutException t -> "no answer in time";
      case java.net.UnknownHostException u -> "unknown host " + m;
      default -> m == null ? e.getClass().getSimpleName() : m;
    };
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "listener or meter failed", e);
    }
  }

  /** How the exchange ended, and whether the client's connection must be cut. */
  private record Ending(Outcome outcome, String error, boolean abortClient) {}
}
