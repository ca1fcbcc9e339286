package dev.tokentap.forward;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The only answers TokenTap writes itself: a refused request (400, 414, 501, 505, as nginx would)
 * and {@code 502 upstream_unavailable} when the model server cannot be reached.
 */
record OwnAnswer(FullHttpResponse response, byte[] body) {

  /** A short text saying why the request was refused; the connection closes after it. */
  static OwnAnswer rejection(Rejection rejection) {
    return of(rejection.status(), "text/plain", rejection.reason() + "\n", false);
  }

  /** {@code {"error":{"type":"upstream_unavailable","message":...}}} with a 502. */
  static OwnAnswer unavailable(String message, boolean keepAlive) {
    String json =
        "{\"error\":{\"type\":\"upstream_unavailable\",\"message\":" + quote(message) + "}}";
    return of(HttpResponseStatus.BAD_GATEWAY, "application/json", json, keepAlive);
  }

  private static OwnAnswer of(
      HttpResponseStatus status, String type, String text, boolean keepAlive) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set("Content-Type", type).setInt("Content-Length", body.length);
    if (!keepAlive) {
      response.headers().set("Connection", "close");
    }
    return new OwnAnswer(response, body);
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    StringBuilder b = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
