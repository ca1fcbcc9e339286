package dev.tokentap.forward;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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

  /**
   * The request target as text whose UTF-8 encoding is the bytes the client sent. Netty's parser
   * reads each byte of the request line as one char, and its encoder writes the target as UTF-8: a
   * raw {@code é} ({@code C3 A9}) would go upstream as {@code C3 83 C2 A9} without this. Null when
   * the bytes are not UTF-8 (such a request is refused: see {@link Rejection}).
   */
  static String asSent(String parsed) {
    boolean ascii = true;
    for (int i = 0; i < parsed.length() && ascii; i++) {
      ascii = parsed.charAt(i) < 0x80;
    }
    if (ascii) {
      return parsed;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(parsed.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
