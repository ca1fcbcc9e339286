package dev.tokentap.server;

import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMeter;
import dev.tokentap.model.ExchangeTally;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends a {@link ReplayRequest} on TokenTap's own OkHttp client ({@link ServerHttp}) and measures
 * it exactly as the forwarder measures a client's exchange: the same {@link ExchangeTally} tees the
 * request body and each piece of the answer, as it arrives, to a meter of the same factory and to
 * the capture copies. The result is an {@link Exchange} with {@code replayOf} set, for the recorder
 * (which redacts it, the credential included, like any other). Blocking; one thread per replay.
 */
public final class ReplaySender {

  /** How long the model server may stay silent (before its headers or between two reads). */
  public static final Duration SILENCE = Duration.ofMinutes(10);

  private static final int PIECE = 16 * 1024;

  private final ServerHttp http;
  private final ExchangeMeter.Factory meters;
  private final int captureCap;

  /**
   * @param meters the forwarder's meter factory (the same figures for the same bytes)
   * @param captureCap bytes kept of each body (0: none), as for forwarded exchanges
   */
  public ReplaySender(ServerHttp http, ExchangeMeter.Factory meters, int captureCap) {
    this.http = http;
    this.meters = meters;
    this.captureCap = captureCap;
  }

  /** Sends {@code r} as exchange {@code id}; never throws for what the network does. */
  public Exchange send(long id, ReplayRequest r) {
    HttpUrl url;
    try {
      url = url(r);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an http(s) URL: " + r.upstream().getScheme(), e);
    }
    List<Header> sent = new ArrayList<>(r.sentHeaders());
    String target = r.query() == null ? r.path() : r.path() + "?" + r.query();
    ExchangeTally tally =
        new ExchangeTally(
            id, r.method(), target, null, r.upstream().toString(), sent, meters, captureCap);
    tally.request(r.body(), r.body().length);
    Call call = http.longCall(request(url, r), SILENCE);
    boolean started = false;
    try (Response response = call.execute()) {
      tally.responseHead(response.code(), headers(response), System.nanoTime());
      started = true;
      ResponseBody body = response.body();
      byte[] piece = new byte[PIECE];
      try (InputStream in = body.byteStream()) {
        int n;
        while ((n = in.read(piece)) >= 0) {
          tally.response(piece, n, System.nanoTime()); // each piece as it arrives
        }
      }
      int status = response.code();
      return status >= 400
          ? tally.toExchange(
              Outcome.UPSTREAM_ERROR,
              "upstream answered " + status,
              System.nanoTime(),
              r.replayOf())
          : tally.toExchange(Outcome.OK, null, System.nanoTime(), r.replayOf());
    } catch (IOException | RuntimeException e) {
      return failed(tally, started, e, r);
    } catch (Exception e) { // OkHttp is Kotlin: an InterruptedException may escape undeclared
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return failed(tally, started, new InterruptedIOException("interrupted"), r);
    }
  }

  private static Exchange failed(
      ExchangeTally tally, boolean started, Exception e, ReplayRequest r) {
    long end = System.nanoTime();
    if (started) {
      return tally.toExchange(
          Outcome.UPSTREAM_ABORTED,
          "upstream broke off the answer: " + describe(e),
          end,
          r.replayOf());
    }
    // the host and port dialled, not the URL: its user info must not reach the record
    String where = r.upstream().getHost() + ":" + port(r);
    return tally.toExchange(
        Outcome.UPSTREAM_UNAVAILABLE,
        "TokenTap could not reach the model server at " + where + ": " + describe(e),
        end,
        r.replayOf());
  }

  private static Request request(HttpUrl url, ReplayRequest r) {
    Request.Builder b = new Request.Builder().url(url);
    String type = null;
    for (Header h : r.sentHeaders()) {
      b.addHeader(h.name(), h.value());
      if (h.name().equalsIgnoreCase("Content-Type")) {
        type = h.value();
      }
    }
    boolean bodyless =
        r.body().length == 0 && (r.method().equals("GET") || r.method().equals("HEAD"));
    RequestBody body =
        bodyless ? null : RequestBody.create(r.body(), type == null ? null : MediaType.parse(type));
    return b.method(r.method(), body).build();
  }

  /** The upstream's base URL, its path prefix kept, then the request's path and query. */
  static HttpUrl url(ReplayRequest r) {
    HttpUrl base = HttpUrl.get(r.upstream().toString());
    String prefix = base.encodedPath();
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    String path = r.path().startsWith("/") ? r.path() : "/" + r.path();
    return base.newBuilder()
        .username("")
        .password("")
        .fragment(null)
        .encodedPath(prefix + path)
        .encodedQuery(r.query())
        .build();
  }

  private static List<Header> headers(Response response) {
    List<Header> out = new ArrayList<>();
    for (kotlin.Pair<? extends String, ? extends String> h : response.headers()) {
      out.add(new Header(h.getFirst(), h.getSecond()));
    }
    return out;
  }

  private static int port(ReplayRequest r) {
    int p = r.upstream().getPort();
    return p > 0 ? p : "https".equalsIgnoreCase(r.upstream().getScheme()) ? 443 : 80;
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return switch (e) {
      case ConnectException c -> "connection refused";
      case SocketTimeoutException t -> "no answer in time";
      case UnknownHostException u -> "unknown host " + m;
      default -> m == null ? e.getClass().getSimpleName() : m;
    };
  }
}
