package dev.tokentap.forward;

import dev.tokentap.model.Header;
import java.net.URI;
import java.util.List;

/**
 * The connection to the model server: a small HTTP/1.1 client with a keep-alive pool, shared by all
 * exchanges. It sends the client's request as it is, adding nothing a server could trip on: only
 * {@code Host} and the body's framing ({@code Content-Length} or chunked).
 */
final class UpstreamClient {

  private final ForwarderSettings settings;
  private final UpstreamPool pool = new UpstreamPool();
  private volatile Target last;

  UpstreamClient(ForwarderSettings settings) {
    this.settings = settings;
  }

  /** Prepares the call for one request; {@code body} is null for requests without a body. */
  UpstreamCall newCall(
      URI upstream,
      String method,
      String rawPathAndQuery,
      List<Header> clientHeaders,
      ClientRequestBody body) {
    Target t = last;
    if (t == null || t.url() != upstream) {
      t = Target.of(upstream);
      last = t;
    }
    String requestTarget =
        t.basePath().isEmpty() ? rawPathAndQuery : t.basePath() + rawPathAndQuery;
    return new UpstreamCall(
        pool,
        t.address(),
        settings,
        method,
        requestTarget,
        HopByHopHeaders.strip(clientHeaders),
        body);
  }

  /** Closes pooled connections; calls in progress are not affected. */
  void close() {
    pool.close();
  }

  /** The upstream URL, parsed once: where to connect, and the path every request target gets. */
  private record Target(URI url, UpstreamAddress address, String basePath) {
    static Target of(URI url) {
      String base = url.getRawPath() == null ? "" : url.getRawPath();
      if (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return new Target(url, UpstreamAddress.of(url), base);
    }
  }
}
