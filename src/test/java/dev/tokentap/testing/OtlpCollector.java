package dev.tokentap.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP collector on a real loopback port: takes {@code POST /v1/traces} with an
 * {@code application/x-protobuf} body, decodes it with the OTLP protobuf classes and keeps every
 * span with its resource.
 */
public final class OtlpCollector implements AutoCloseable {

  /** One received span and the resource it came with. */
  public record Received(Resource resource, Span span) {

    /** A span attribute's value, or null. */
    public AnyValue attribute(String key) {
      return value(span.getAttributesList(), key);
    }

    /** A resource attribute's value, or null. */
    public AnyValue resourceAttribute(String key) {
      return value(resource.getAttributesList(), key);
    }

    private static AnyValue value(List<KeyValue> list, String key) {
      for (KeyValue kv : list) {
        if (kv.getKey().equals(key)) {
          return kv.getValue();
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  public OtlpCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            InputStream in = exchange.getRequestBody();
            if ("gzip"
                .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
              in = new GZIPInputStream(in);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
            for (ResourceSpans rs : request.getResourceSpansList()) {
              for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                  spans.add(new Received(rs.getResource(), s));
                }
              }
            }
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            if (ok.length > 0) {
              exchange.getResponseBody().write(ok);
            }
          }
        });
    server.start();
  }

  /** The collector's base URL, e.g. {@code http://127.0.0.1:43187}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The spans received so far. */
  public List<Received> spans() {
    return new ArrayList<>(spans);
  }

  /** The Content-Type of each export request received. */
  public List<String> contentTypes() {
    return new ArrayList<>(contentTypes);
  }

  /** Waits up to {@code timeoutMs} for at least {@code n} spans; returns what arrived. */
  public List<Received> awaitSpans(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (spans.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return spans();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
