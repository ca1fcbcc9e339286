package dev.tokentap.ui.inspector;

import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.model.Header;
import dev.tokentap.store.StoredExchange;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The request of a stored exchange as a {@code curl} command for a POSIX shell, rebuilt from the
 * redacted capture only: where a secret was, the command says {@code [REDACTED]} (put your own key
 * back before running it).
 */
final class CurlCommand {

  /** Headers curl sets itself, or that describe the old connection rather than the request. */
  private static final Set<String> LEFT_OUT =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "proxy-connection",
          "expect",
          "te",
          "trailer",
          "upgrade",
          "accept-encoding");

  private CurlCommand() {}

  static String of(StoredExchange row, Capture capture) {
    StringBuilder b = new StringBuilder();
    CaptureBody body = capture == null ? null : capture.request();
    if (capture == null) {
      b.append("# no capture was kept: headers and body are missing\n");
    } else if (body != null && body.truncated()) {
      b.append(
          String.format(
              Locale.ROOT,
              "# the request body was cut by the capture cap: only its first %,d of %,d bytes"
                  + " follow%n",
              body.bytes().length,
              body.originalSize()));
    }
    if (body != null && !body.decoded()) {
      b.append("# the body is still ")
          .append(body.wireEncoding())
          .append("-encoded in the capture: it is left out\n");
    }
    b.append("curl");
    if (row.streamed()) {
      b.append(" -N");
    }
    boolean hasBody = body != null && body.decoded() && body.bytes().length > 0;
    if (!row.method().equals(hasBody ? "POST" : "GET")) {
      b.append(" -X ").append(quote(row.method()));
    }
    b.append(' ').append(quote(url(row, capture)));
    if (capture != null) {
      for (Header h : capture.requestHeaders()) {
        if (!LEFT_OUT.contains(h.name().toLowerCase(Locale.ROOT))) {
          b.append(" \\\n  -H ").append(quote(h.name() + ": " + h.value()));
        }
      }
    }
    if (hasBody) {
      b.append(" \\\n  --data-binary ")
          .append(quote(new String(body.bytes(), StandardCharsets.UTF_8)));
    }
    return b.append('\n').toString();
  }

  private static String url(StoredExchange row, Capture capture) {
    String base = row.upstream();
    if (base == null || base.isBlank()) {
      String host = capture == null ? null : Header.first(capture.requestHeaders(), "Host");
      base = "http://" + (host == null ? "localhost:8080" : host);
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String query = row.query() == null || row.query().isEmpty() ? "" : "?" + row.query();
    return base + row.path() + query;
  }

  /** {@code s} in single quotes for a POSIX shell. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
