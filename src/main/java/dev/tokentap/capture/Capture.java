package dev.tokentap.capture;

import dev.tokentap.model.Header;
import java.util.List;

/**
 * The redacted copy of one exchange's headers and bodies, as stored.
 *
 * @param requestHeaders request headers in wire order and case, secret values replaced
 * @param responseHeaders response headers in wire order and case, secret values replaced
 * @param request the request body, or null when none was captured
 * @param response the response body, or null when none was captured
 * @param redactions how many values were replaced by {@code [REDACTED]} in this exchange (headers,
 *     bodies, query, upstream URL and error text together)
 */
public record Capture(
    List<Header> requestHeaders,
    List<Header> responseHeaders,
    CaptureBody request,
    CaptureBody response,
    int redactions) {

  public Capture {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
  }
}
