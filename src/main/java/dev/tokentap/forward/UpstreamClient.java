package dev.tokentap.forward;

import dev.tokentap.model.Header;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The connection to the model server: one OkHttp client with a keep-alive pool, shared by all
 * exchanges. It sends the client's request as it is, adding nothing a server could trip on.
 */
final class UpstreamClient {

  /**
   * Idle upstream connections are dropped after this long. Shorter than the 5 s keep-alive of
   * llama-server's and uvicorn's (vLLM), so a request is never sent on a connection the server is
   * about to close: request bodies are streamed and so cannot be retried.
   */
  private static final long KEEP_ALIVE_MS = 4_000;

  private final OkHttpClient client;

  UpstreamClient(ForwarderSettings settings) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(4096);
    dispatcher.setMaxRequestsPerHost(4096);
    this.client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(64, KEEP_ALIVE_MS, TimeUnit.MILLISECONDS))
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            .callTimeout(java.time.Duration.ZERO)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(true)
            .addNetworkInterceptor(UpstreamClient::removeAddedHeaders)
            .build();
  }

  /** Builds the call for one request; {@code body} is null for requests without a body. */
  Call newCall(
      URI upstream,
      String method,
      String rawPathAndQuery,
      List<Header> clientHeaders,
      RequestBody body) {
    HttpUrl url = HttpUrl.get(join(upstream, rawPathAndQuery));
    Headers.Builder headers = new Headers.Builder();
    for (Header h : HopByHopHeaders.strip(clientHeaders)) {
      headers.addUnsafeNonAscii(h.name(), h.value());
    }
    Request request =
        new Request.Builder()
            .url(url)
            .headers(headers.build())
            .method(method, body)
            .tag(ClientHeaders.class, new ClientHeaders(clientHeaders))
            .build();
    return client.newCall(request);
  }

  /** Closes pooled connections; calls in progress are not affected. */
  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  static String join(URI upstream, String rawPathAndQuery) {
    String base = upstream.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + rawPathAndQuery;
  }

  /**
   * OkHttp adds {@code Accept-Encoding: gzip} and its own {@code User-Agent} when a request has
   * none. The client did not send them, so the server must not see them: a gzip answer to a client
   * that did not ask for one would be unreadable to it.
   */
  private static Response removeAddedHeaders(Interceptor.Chain chain) throws java.io.IOException {
    Request request = chain.request();
    ClientHeaders sent = request.tag(ClientHeaders.class);
    if (sent == null) {
      return chain.proceed(request);
    }
    Request.Builder b = request.newBuilder();
    List<String> removed = new ArrayList<>(2);
    for (String name : List.of("Accept-Encoding", "User-Agent")) {
      if (!sent.has(name) && request.header(name) != null) {
        b.removeHeader(name);
        removed.add(name);
      }
    }
    return chain.proceed(removed.isEmpty() ? request : b.build());
  }

  /** The header names the client itself sent, attached to the OkHttp request as a tag. */
  private record ClientHeaders(List<Header> headers) {
    boolean has(String name) {
      return Header.first(headers, name) != null;
    }
  }
}
