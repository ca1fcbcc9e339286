package dev.tokentap.forward;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Locale;

/**
 * Why a request is refused before anything is sent upstream, and with which status: what nginx
 * answers to the same bytes (400 with a short text, 414, 501 or 505), so a client that would be
 * refused by a server is refused here too, and the user sees why.
 *
 * @param reason one line for the client's body and the exchange's error
 */
record Rejection(HttpResponseStatus status, String reason) {

  /** The rejection for {@code request}, or null when it may go upstream. */
  static Rejection of(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      return ofDecoderFailure(result.cause());
    }
    HttpVersion version = request.protocolVersion();
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      return new Rejection(
          HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
          "HTTP version " + version.text() + " is not supported");
    }
    if (request.method().equals(HttpMethod.CONNECT)) {
      return new Rejection(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "CONNECT is not supported: TokenTap forwards HTTP");
    }
    if (version.equals(HttpVersion.HTTP_1_1) && !request.headers().contains("Host")) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request without Host header");
    }
    List<String> encodings = request.headers().getAll("Transfer-Encoding");
    if (!encodings.isEmpty()
        && !(encodings.size() == 1
            && encodings.get(0).trim().toLowerCase(Locale.ROOT).equals("chunked"))) {
      return new Rejection(
          HttpResponseStatus.NOT_IMPLEMENTED,
          "unsupported Transfer-Encoding: " + String.join(", ", encodings));
    }
    return null;
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
    return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request: " + message);
  }
}
