package dev.tokentap.model;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads the two addresses a user types: where TokenTap listens and where the model server is. The
 * messages complete a sentence that starts with the field's name ({@code --listen}, "Listen").
 */
public final class Addresses {

  private Addresses() {}

  /**
   * {@code HOST:PORT} ({@code [::1]:8081} for IPv6); the host is resolved, so call it off the UI
   * thread.
   *
   * @throws IllegalArgumentException with a message such as "wants HOST:PORT, ..."
   */
  public static InetSocketAddress listenAddress(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "wants HOST:PORT, e.g. 127.0.0.1:8081, not '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, port(text.substring(colon + 1)));
  }

  /**
   * An {@code http://} or {@code https://} base URL without query or fragment.
   *
   * @throws IllegalArgumentException with a message such as "wants an http:// or https:// URL, ..."
   */
  public static URI upstreamUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL: '" + text + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "wants an http:// or https:// URL, e.g. http://127.0.0.1:8080, not '" + text + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("takes no query or fragment: '" + text + "'");
    }
    return uri;
  }

  /** {@code host:port}, IPv6 hosts in brackets. */
  public static String hostPort(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "port must be a number from 0 to 65535, not '" + text + "'");
    }
  }
}
