package dev.tokentap.model;

import java.util.List;

/**
 * What a {@link TurnLinker} is given of one exchange: its figures, and its headers and bodies as
 * they are stored (redacted, decoded), never as they passed in clear.
 *
 * @param id the exchange id
 * @param startedAtMs when the request arrived, epoch milliseconds UTC
 * @param endpoint the API spoken
 * @param upstream the upstream base URL (redacted), or null
 * @param status the HTTP status the client got, 0 if none
 * @param requestHeaders the request headers, secret values replaced
 * @param requestBody the stored request body (decoded, redacted), null when none was kept
 * @param responseBody the stored response body (decoded, redacted), null when none was kept
 * @param metrics what the parsers learned (model, token counts, prompt speed)
 */
public record TurnInput(
    long id,
    long startedAtMs,
    Endpoint endpoint,
    String upstream,
    int status,
    List<Header> requestHeaders,
    byte[] requestBody,
    byte[] responseBody,
    ExchangeMetrics metrics) {

  public TurnInput {
    requestHeaders = List.copyOf(requestHeaders);
    metrics = metrics == null ? ExchangeMetrics.EMPTY : metrics;
  }
}
