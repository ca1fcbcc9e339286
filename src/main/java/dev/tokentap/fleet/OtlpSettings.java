package dev.tokentap.fleet;

import java.net.URI;

/**
 * What {@code --otlp URL} and {@code --otlp-content} asked for.
 *
 * @param endpoint the collector's OTLP/HTTP base URL ({@code http://127.0.0.1:4318}) or its full
 *     traces URL ({@code .../v1/traces}); see {@link #tracesUrl()}
 * @param content whether spans carry the redacted request and response bodies
 */
public record OtlpSettings(URI endpoint, boolean content) {

  /** The path the OTLP/HTTP specification gives traces. */
  public static final String TRACES_PATH = "/v1/traces";

  public OtlpSettings {
    if (endpoint == null) {
      throw new IllegalArgumentException("no endpoint");
    }
  }

  /**
   * Where spans are posted: a URL with no path (or just {@code /}) gets {@code /v1/traces}, as the
   * SDK's {@code OTEL_EXPORTER_OTLP_ENDPOINT} does; a URL with a path is used as given (as {@code
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is).
   */
  public String tracesUrl() {
    String text = endpoint.toString();
    String path = endpoint.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
      return base + TRACES_PATH;
    }
    return text;
  }
}
