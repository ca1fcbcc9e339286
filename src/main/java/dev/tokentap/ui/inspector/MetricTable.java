package dev.tokentap.ui.inspector;

import dev.tokentap.model.ByteSize;
import dev.tokentap.store.StoredExchange;
import dev.tokentap.ui.fx.Formats;
import dev.tokentap.ui.inspector.Inspection.Metric;
import java.util.ArrayList;
import java.util.List;

/** A stored row's figures in words, each with what it means (see DESIGN.md's definitions). */
final class MetricTable {

  private MetricTable() {}

  static List<Metric> of(StoredExchange r) {
    List<Metric> m = new ArrayList<>();
    m.add(new Metric("Started", Formats.dateTime(r.startedAt()), "When the request arrived."));
    m.add(new Metric("Request", r.method() + " " + r.path(), "Method and path the client sent."));
    m.add(new Metric("Endpoint", r.endpoint().code(), "The API spoken, told by the path."));
    m.add(new Metric("Model", text(r.model()), "The model that answered (or was asked for)."));
    m.add(
        new Metric(
            "Status",
            r.status() == null ? Formats.NOT_REPORTED : r.status().toString(),
            "The HTTP status the client got."));
    m.add(new Metric("Outcome", r.outcome().code(), "How the exchange ended."));
    if (r.error() != null) {
      m.add(new Metric("Error", r.error(), "What went wrong, as TokenTap saw it."));
    }
    m.add(
        new Metric(
            "Prompt tokens",
            Formats.count(r.promptTokens()),
            "All prompt tokens the model saw, cached ones included."));
    m.add(
        new Metric(
            "Cached tokens",
            Formats.count(r.cachedTokens()),
            "Prompt tokens served from the KV/prompt cache."));
    m.add(
        new Metric(
            "Generated tokens",
            Formats.count(r.completionTokens()),
            r.usageReported()
                ? "Tokens the model generated."
                : "Tokens the model generated (the server reported no usage)."));
    m.add(
        new Metric(
            "Prompt speed",
            rate(r.promptTps()),
            "Prompt processing speed, as the server reported it."));
    m.add(
        new Metric(
            "Generation speed",
            rate(r.genTps()),
            "Tokens generated per second: server-reported, else measured from the stream."));
    m.add(
        new Metric(
            "TTFT",
            Formats.millis(r.ttftMs()),
            "Time to first token: request start to the first generated token event (streams)."));
    m.add(
        new Metric(
            "Duration",
            Formats.millis(r.durationMs()),
            "Request start to the last byte delivered to the client."));
    m.add(
        new Metric(
            "Largest gap",
            Formats.millis(r.maxGapMs()),
            "The longest wait between two stream events (a stall shows here)."));
    m.add(
        new Metric(
            "Events",
            r.eventCount() == null ? Formats.NOT_REPORTED : Formats.count((long) r.eventCount()),
            "Stream events (SSE events or NDJSON lines) the response carried."));
    m.add(new Metric("Finish reason", text(r.finishReason()), "Why generation stopped."));
    m.add(
        new Metric(
            "Request size", ByteSize.format(r.requestBytes()), "Request body bytes received."));
    m.add(
        new Metric(
            "Response size", ByteSize.format(r.responseBytes()), "Response body bytes delivered."));
    m.add(new Metric("Client", text(r.clientAddress()), "Where the request came from."));
    m.add(new Metric("User agent", text(r.userAgent()), "The client's User-Agent header."));
    m.add(
        new Metric(
            "Credential",
            text(r.credentialFp()),
            "A fingerprint of the API key used (never the key itself)."));
    m.add(new Metric("Upstream", text(r.upstream()), "The server the request was forwarded to."));
    return List.copyOf(m);
  }

  private static String rate(Double tps) {
    return tps == null ? Formats.NOT_REPORTED : Formats.rate(tps) + " tok/s";
  }

  private static String text(String s) {
    return s == null || s.isEmpty() ? Formats.NOT_REPORTED : s;
  }
}
