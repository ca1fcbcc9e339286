package dev.tokentap.forward;

import dev.tokentap.model.Header;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The only headers the forwarder changes: those that belong to one connection, not to the message
 * (RFC 9110 section 7.6.1: {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code
 * TE}, {@code Upgrade}, and every header named in {@code Connection}), dropped in both directions.
 * {@code Transfer-Encoding} and {@code Content-Length} stay, because the other side gets the same
 * framing. Everything else passes in its order, its name's case and its bytes.
 */
final class HopByHopHeaders {

  private static final Set<String> ALWAYS =
      Set.of("connection", "keep-alive", "proxy-connection", "te", "upgrade");

  private static final Set<String> KEPT = Set.of("content-length", "transfer-encoding", "host");

  private HopByHopHeaders() {}

  /**
   * A copy of {@code headers} without hop-by-hop ones, names and values as received (Netty keeps
   * them as {@link AsciiString}s of the bytes on the wire, which its encoder writes back as they
   * were). When {@code host} is given, the {@code Host} header's value becomes it, in its place.
   */
  static HttpHeaders strip(HttpHeaders headers, CharSequence host) {
    Set<String> named = namedInConnection(headers);
    HttpHeaders kept =
        DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    for (Map.Entry<CharSequence, CharSequence> h : iterable(headers)) {
      String lower = h.getKey().toString().toLowerCase(Locale.ROOT);
      if (ALWAYS.contains(lower) || named.contains(lower)) {
        continue;
      }
      kept.add(h.getKey(), host != null && lower.equals("host") ? host : h.getValue());
    }
    return kept;
  }

  /** The headers as the model keeps them: every one, in order, as ISO-8859-1 text. */
  static List<Header> toModel(HttpHeaders headers) {
    List<Header> list = new ArrayList<>(headers.size());
    for (Map.Entry<CharSequence, CharSequence> h : iterable(headers)) {
      list.add(new Header(h.getKey().toString(), h.getValue().toString()));
    }
    return list;
  }

  /**
   * The names listed in {@code Connection}, except the framing headers and {@code Host}: the
   * forwarder sends the body with the same framing, so dropping them (a client or server that names
   * {@code Content-Length} there) would let the body's bytes be read as another message.
   */
  private static Set<String> namedInConnection(HttpHeaders headers) {
    Set<String> named = new HashSet<>();
    for (String value : headers.getAll("Connection")) {
      for (String token : value.split(",")) {
        named.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    named.removeAll(KEPT);
    return named;
  }

  private static Iterable<Map.Entry<CharSequence, CharSequence>> iterable(HttpHeaders headers) {
    return headers::iteratorCharSequence;
  }
}
