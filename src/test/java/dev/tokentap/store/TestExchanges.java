package dev.tokentap.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tokentap.model.CapturedBody;
import dev.tokentap.model.EventTimes;
import dev.tokentap.model.Exchange;
import dev.tokentap.model.ExchangeMetrics;
import dev.tokentap.model.Header;
import dev.tokentap.model.Outcome;
import java.lang.System.Logger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Exchanges for store tests, and small helpers. */
final class TestExchanges {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  static final ExchangeMetrics FULL_METRICS =
      new ExchangeMetrics("tiny-7b", "stop", 120L, 100L, 32L, 850.5, 42.25, 88.0, 12.5, 33, true);

  private TestExchanges() {}

  /** A small, plain, successful chat exchange with every metric known. */
  static Exchange chat(long id, long startedAt) {
    return chat(id, startedAt, FULL_METRICS);
  }

  static Exchange chat(long id, long startedAt, ExchangeMetrics metrics) {
    byte[] req =
        "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(UTF_8);
    byte[] res = "{\"choices\":[{\"message\":{\"content\":\"hello\"}}]}".getBytes(UTF_8);
    return new Exchange(
        id,
        startedAt,
        "POST",
        "/v1/chat/completions",
        "stream=false",
        "127.0.0.1:50123",
        "http://127.0.0.1:8080",
        List.of(
            new Header("Content-Type", "application/json"), new Header("User-Agent", "test/1.0")),
        200,
        List.of(new Header("Content-Type", "application/json; charset=utf-8")),
        true,
        req.length,
        res.length,
        321.75,
        Outcome.OK,
        null,
        metrics,
        new CapturedBody(req, req.length, false),
        new CapturedBody(res, res.length, false));
  }

  static Exchange withBodies(Exchange e, byte[] request, byte[] response) {
    return new Exchange(
        e.id(),
        e.startedAtMs(),
        e.method(),
        e.path(),
        e.query(),
        e.clientAddress(),
        e.upstreamUrl(),
        e.requestHeaders(),
        e.status(),
        e.responseHeaders(),
        e.streamed(),
        request == null ? 0 : request.length,
        response == null ? 0 : response.length,
        e.durationMs(),
        e.outcome(),
        e.error(),
        e.metrics(),
        request == null ? null : new CapturedBody(request, request.length, false),
        response == null ? null : new CapturedBody(response, response.length, false));
  }

  /** {@code e} with {@code times} as its stream event times. */
  static Exchange withEventTimes(Exchange e, EventTimes times) {
    return new Exchange(
        e.id(),
        e.startedAtMs(),
        e.method(),
        e.path(),
        e.query(),
        e.clientAddress(),
        e.upstreamUrl(),
        e.requestHeaders(),
        e.status(),
        e.responseHeaders(),
        e.streamed(),
        e.requestBytes(),
        e.responseBytes(),
        e.durationMs(),
        e.outcome(),
        e.error(),
        e.metrics(),
        e.requestBody(),
        e.responseBody(),
        times);
  }

  /** {@code n} events: the first at 88 ms without output, then tokens 12.5 ms apart. */
  static EventTimes streamTimes(int n) {
    EventTimes.Builder b = EventTimes.builder();
    for (int i = 0; i < n; i++) {
      b.add(88_000 + i * 12_500L, i > 0);
    }
    return b.build();
  }

  static Connection sqlite(Path dataDir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokentap.db"));
  }

  /** A System.Logger that keeps what it is told. */
  static final class RecordingLogger implements Logger {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      messages.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      messages.add(level + " " + format);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      messages.add(level + " " + msgSupplier.get());
    }
  }
}
