package dev.tokentap.forward;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * Why a request is refused before anything is sent upstream, and with which status: what nginx
 * answers to the same bytes (400 with a short text, 414, 501 or 505; nginx 1.22 checked case by
 * case, see ForwarderRejectTest), so a client that a server would refuse is refused here too, and
 * the user sees why.
 *
 * @param reason one line for the client's body and the exchange's error
 */
record Rejection(HttpResponseStatus status, String reason) {

  /** The rejection for {@code request}, or null when it may go upstream. */
  static Rejection of(HttpRequest request) {
    Rejection framing = transferCoding(request.headers().getAll("Transfer-Encoding"));
    if (framing != null) {
      return framing; // before the parser's own verdict, which calls every coding malformed
    }
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      return ofDecoderFailure(result.cause());
    }
    HttpVersion version = request.protocolVersion();
    if (version.majorVersion() != 1) {
      return version.majorVersion() > 1
          ? new Rejection(
              HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
              "HTTP version " + version.text() + " is not supported")
          : bad("malformed HTTP version " + version.text());
    }
    if (request.method().equals(HttpMethod.CONNECT)) {
      return bad("CONNECT is not supported: TokenTap forwards HTTP requests");
    }
    for (int i = 0; i < request.uri().length(); i++) {
      char c = request.uri().charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return bad("control character in the request target");
      }
    }
    if (UpstreamTarget.asSent(request.uri()) == null) {
      return bad("request target is not UTF-8");
    }
    List<String> hosts = request.headers().getAll("Host");
    if (hosts.size() > 1 || (hosts.isEmpty() && version.equals(HttpVersion.HTTP_1_1))) {
      return bad(hosts.isEmpty() ? "HTTP/1.1 request without Host" : "more than one Host header");
    }
    if (!request.headers().getAll("Transfer-Encoding").isEmpty()
        && version.equals(HttpVersion.HTTP_1_0)) {
      return bad("chunked request body in HTTP/1.0");
    }
    return null;
  }

  /** nginx's rule: only {@code chunked} alone (501 for any other coding, 400 when repeated). */
  private static Rejection transferCoding(List<String> values) {
    for (String v : values) {
      if (!v.trim().equalsIgnoreCase("chunked")) {
        return new Rejection(
            HttpResponseStatus.NOT_IMPLEMENTED, "unsupported Transfer-Encoding: " + v.trim());
      }
    }
    return values.size() > 1 ? bad("Transfer-Encoding given more than once") : null;
  }

  private static Rejection bad(String reason) {
    return new Rejection(HttpResponseStatus.BAD_REQUEST, reason);
  }

  private static Rejection ofDecoderFailure(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new Rejection(
          HttpResponseStatus.REQUEST_URI_TOO_LONG,
          "request line longer than " + HttpLimits.MAX_LINE + " bytes");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new Rejection(
          HttpResponseStatus.BAD_REQUEST,
          "header section larger than " + HttpLimits.MAX_HEADERS + " bytes");
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return bad("malformed request: " + message);
  }
}
