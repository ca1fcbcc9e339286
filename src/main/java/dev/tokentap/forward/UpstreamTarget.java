package dev.tokentap.forward;

import java.net.URI;

/**
 * The upstream URL, parsed once: where to connect, and the path every request target is put under
 * ({@code http://host:8080/llama} sends {@code /v1/models} as {@code /llama/v1/models}).
 */
record UpstreamTarget(URI url, UpstreamAddress address, String basePath) {

  static UpstreamTarget of(URI url) {
    String base = url.getRawPath() == null ? "" : url.getRawPath();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new UpstreamTarget(url, UpstreamAddress.of(url), base);
  }

  /** The request target to send upstream for the client's origin-form {@code pathAndQuery}. */
  String target(String pathAndQuery) {
    return basePath.isEmpty() ? pathAndQuery : basePath + pathAndQuery;
  }

  /** The request target in origin form: an absolute-form URI loses its scheme and authority. */
  static String originForm(String uri) {
    if (uri.startsWith("/") || uri.equals("*")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int from = scheme + 3;
    int slash = uri.indexOf('/', from);
    int q = uri.indexOf('?', from);
    if (slash < 0 && q < 0) {
      return "/";
    }
    if (slash < 0 || (q >= 0 && q < slash)) {
      return "/" + uri.substring(q);
    }
    return uri.substring(slash);
  }
}
