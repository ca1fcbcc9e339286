package dev.tokentap.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One exchange as the attributes of its span, following the OpenTelemetry GenAI semantic
 * conventions (docs/opentelemetry.md lists them). Pure: no I/O, no clock.
 */
final class GenAiAttributes {

  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Boolean> REQUEST_STREAM =
      AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> EXCHANGE_ID = AttributeKey.longKey("tokentap.exchange.id");
  static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("tokentap.endpoint");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tokentap.outcome");

  private static final JsonFactory JSON = new JsonFactory();

  private GenAiAttributes() {}

  /**
   * The {@code gen_ai.operation.name} of an endpoint, or null for paths that are no model call
   * (health checks, {@code /props}...: no span).
   */
  static String operationName(Endpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS, MESSAGES, RESPONSES, OLLAMA_CHAT -> "chat";
      case COMPLETIONS, NATIVE_COMPLETION, INFILL, OLLAMA_GENERATE -> "text_completion";
      case EMBEDDINGS -> "embeddings";
      case OTHER -> null;
    };
  }

  /**
   * {@code gen_ai.provider.name}: {@code llama.cpp} when the server says so ({@code Server:
   * llama.cpp}), {@code ollama} for Ollama's own API, else {@code _OTHER}. The conventions' well
   * -known values (openai, anthropic...) name the vendor of a hosted API; an OpenAI-shaped request
   * to a local server is not OpenAI's.
   */
  static String providerName(Exchange e) {
    String server = Header.first(e.responseHeaders(), "Server");
    if (server != null && server.toLowerCase(Locale.ROOT).startsWith("llama.cpp")) {
      return "llama.cpp";
    }
    if (server != null && server.toLowerCase(Locale.ROOT).startsWith("ollama")) {
      return "ollama";
    }
    Endpoint endpoint = e.endpoint();
    if (endpoint == Endpoint.OLLAMA_CHAT || endpoint == Endpoint.OLLAMA_GENERATE) {
      return "ollama";
    }
    return "_OTHER";
  }

  /**
   * {@code error.type}, null when the exchange succeeded: the HTTP status for an upstream's 4xx or
   * 5xx answer (as HTTP client spans do), else the outcome's code ({@code upstream_unavailable},
   * {@code client_aborted}, {@code upstream_aborted}, {@code rejected}).
   */
  static String errorType(Exchange e) {
    Outcome o = e.outcome();
    if (o == null || o == Outcome.OK) {
      return null;
    }
    if (o == Outcome.UPSTREAM_ERROR && e.status() > 0) {
      return Integer.toString(e.status());
    }
    return o.code();
  }

  /** The span's name: "{operation} {request model}", or the operation alone. */
  static String spanName(String operation, RequestFacts request) {
    return request.model() == null ? operation : operation + " " + request.model();
  }

  /** All attributes of the span of {@code e}, whose operation is {@code operation}. */
  static Attributes of(Exchange e, String operation, RequestFacts request) {
    ExchangeMetrics m = e.metrics() == null ? ExchangeMetrics.EMPTY : e.metrics();
    AttributesBuilder a = Attributes.builder();
    a.put(OPERATION_NAME, operation);
    a.put(PROVIDER_NAME, providerName(e));
    putIfKnown(a, REQUEST_MODEL, request.model());
    putIfKnown(a, RESPONSE_MODEL, m.model());
    a.put(REQUEST_STREAM, request.stream() != null ? request.stream() : e.streamed());
    putIfKnown(a, INPUT_TOKENS, m.promptTokens());
    putIfKnown(a, OUTPUT_TOKENS, m.completionTokens());
    putIfKnown(a, CACHE_READ_TOKENS, m.cachedTokens());
    if (m.finishReason() != null) {
      a.put(FINISH_REASONS, List.of(m.finishReason()));
    }
    if (m.ttftMs() != null) {
      a.put(TIME_TO_FIRST_CHUNK, m.ttftMs() / 1000.0);
    }
    URI upstream = upstream(e.upstreamUrl());
    if (upstream != null && upstream.getHost() != null) {
      a.put(SERVER_ADDRESS, upstream.getHost());
      int port = upstream.getPort();
      if (port < 0) {
        port = "https".equalsIgnoreCase(upstream.getScheme()) ? 443 : 80;
      }
      a.put(SERVER_PORT, port);
    }
    putIfKnown(a, ERROR_TYPE, errorType(e));
    if (e.status() > 0) {
      a.put(HTTP_STATUS, e.status());
    }
    putIfKnown(a, HTTP_METHOD, e.method());
    a.put(EXCHANGE_ID, e.id());
    a.put(ENDPOINT, e.endpoint().code());
    if (e.outcome() != null) {
      a.put(OUTCOME, e.outcome().code());
    }
    return a.build();
  }

  private static URI upstream(String url) {
    if (url == null) {
      return null;
    }
    try {
      return URI.create(url);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  private static <T> void putIfKnown(AttributesBuilder a, AttributeKey<T> key, T value) {
    if (value != null) {
      a.put(key, value);
    }
  }

  /**
   * What the request body said: its top-level {@code model} and {@code stream}, each null when
   * absent or unreadable (no body kept, a compressed body, not JSON).
   */
  record RequestFacts(String model, Boolean stream) {
    static final RequestFacts NONE = new RequestFacts(null, null);

    static RequestFacts of(Exchange e) {
      CapturedBody body = e.requestBody();
      if (body == null
          || body.bytes().length == 0
          || Header.first(e.requestHeaders(), "Content-Encoding") != null) {
        return NONE;
      }
      String model = null;
      Boolean stream = null;
      try (JsonParser p = JSON.createParser(body.bytes())) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return NONE;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals("model") && v == JsonToken.VALUE_STRING) {
            model = p.getText();
          } else if (name.equals("stream") && v.isBoolean()) {
            stream = v == JsonToken.VALUE_TRUE;
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException | RuntimeException ex) {
        // a truncated or malformed body: keep what was read before the damage
      }
      return new RequestFacts(model, stream);
    }
  }
}
