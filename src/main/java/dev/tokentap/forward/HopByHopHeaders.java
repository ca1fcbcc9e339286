package dev.tokentap.forward;

import dev.tokentap.model.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers that belong to one connection, not to the message (RFC 9110 section 7.6.1), plus the
 * framing headers the two HTTP stacks set themselves. These are never copied across.
 */
final class HopByHopHeaders {

  private static final Set<String> ALWAYS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "host",
          "expect");

  private HopByHopHeaders() {}

  /** {@code headers} without hop-by-hop ones, including those named in {@code Connection}. */
  static List<Header> strip(List<Header> headers) {
    Set<String> named = new java.util.HashSet<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase("connection")) {
        for (String token : h.value().split(",")) {
          named.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    List<Header> kept = new ArrayList<>(headers.size());
    for (Header h : headers) {
      String lower = h.name().toLowerCase(Locale.ROOT);
      if (!ALWAYS.contains(lower) && !named.contains(lower)) {
        kept.add(h);
      }
    }
    return kept;
  }
}
