package dev.tokentap.forward;

import java.net.URI;
import java.util.Locale;

/**
 * Where upstream connections go: scheme, host and port of the model server's URL. Connections are
 * pooled per address.
 *
 * @param host as in the URL; an IPv6 literal keeps its brackets
 */
record UpstreamAddress(boolean https, String host, int port) {

  static UpstreamAddress of(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean https =
        switch (scheme) {
          case "http" -> false;
          case "https" -> true;
          default -> throw new IllegalArgumentException("not an http(s) URL: " + scheme + "://...");
        };
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("no host in the upstream URL");
    }
    int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
    return new UpstreamAddress(https, host, port);
  }

  /** The value of the {@code Host} header: the port only when it is not the scheme's default. */
  String hostHeader() {
    return port == (https ? 443 : 80) ? host : host + ":" + port;
  }

  /** The host name to resolve: without the brackets of an IPv6 literal. */
  String hostName() {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return (https ? "https://" : "http://") + hostHeader();
  }
}
