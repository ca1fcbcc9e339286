package dev.tokentap.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokentap.capture.Capture;
import dev.tokentap.capture.CaptureBody;
import dev.tokentap.endpoint.Answer;
import dev.tokentap.endpoint.EndpointFamily;
import dev.tokentap.endpoint.Unreadable;
import dev.tokentap.metrics.StreamFrames;
import dev.tokentap.model.Outcome;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.LongConsumer;

/**
 * JSONL, a fine-tuning dataset: one line per chat-like exchange that succeeded and has both bodies
 * captured whole, {@code {"messages":[...the request's..., {"role":"assistant",...}], "model",
 * "metrics"}}. UTF-8, LF line ends. Rows come from one cursor and one capture is decompressed at a
 * time. Exchanges left out are counted by {@link Unreadable.Reason} ({@link #summary()}).
 */
public final class JsonlExporter implements Exporter {

  private static final DateTimeFormatter STARTED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Map<Unreadable.Reason, Long> skipped = new EnumMap<>(Unreadable.Reason.class);

  @Override
  public long export(ExchangeStore store, ExchangeFilter filter, Path file, LongConsumer progress)
      throws IOException {
    skipped.clear();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      long[] n = {0, 0};
      store.forEach(
          filter,
          x -> {
            progress.accept(++n[1]);
            ObjectNode line;
            try {
              line = line(x, store.capture(x.id()));
            } catch (Unreadable e) {
              skipped.merge(e.reason(), 1L, Long::sum);
              return;
            }
            out.write(Json.MAPPER.writeValueAsBytes(line));
            out.write('\n');
            n[0]++;
          });
      return n[0];
    }
  }

  /** How many exchanges were left out and why, e.g. {@code 3 (2 not chat, 1 failed)}; or empty. */
  @Override
  public Optional<String> summary() {
    long total = skipped.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Optional.empty();
    }
    StringJoiner why = new StringJoiner(", ");
    skipped.forEach((reason, count) -> why.add(count + " " + reason.words()));
    return Optional.of("skipped " + total + " (" + why + ")");
  }

  /** The line of one exchange. */
  static ObjectNode line(StoredExchange x, Optional<Capture> capture) throws Unreadable {
    if (!EndpointFamily.of(x.endpoint()).chatLike()) {
      throw new Unreadable(Unreadable.Reason.NOT_CHAT, String.valueOf(x.endpoint()));
    }
    if (x.status() == null || x.status() >= 400 || x.outcome() != Outcome.OK) {
      throw Unreadable.failed("status " + x.status() + ", " + x.outcome());
    }
    Capture c = capture.orElse(null);
    if (c == null || c.request() == null || c.response() == null) {
      throw new Unreadable(Unreadable.Reason.NO_CAPTURE, "no capture");
    }
    if (!whole(c.request()) || !whole(c.response())) {
      throw new Unreadable(Unreadable.Reason.TRUNCATED, "a body was cut or left encoded");
    }
    EndpointFamily family = EndpointFamily.of(x.endpoint());
    JsonNode request = EndpointFamily.parse(c.request().bytes(), "the request");
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode line = f.objectNode();
    Answer answer = family.reassemble(c.response().bytes(), StreamFrames.SPLITTER);
    line.putArray("messages").addAll(family.messages(request)).add(answer.message(f));
    String model = x.model() != null ? x.model() : Json.str(request, "model");
    line.put("model", model);
    ObjectNode m = line.putObject("metrics");
    m.put("prompt_tokens", x.promptTokens());
    m.put("cached_tokens", x.cachedTokens());
    m.put("completion_tokens", x.completionTokens());
    m.put("prompt_tps", x.promptTps());
    m.put("gen_tps", x.genTps());
    m.put("ttft_ms", x.ttftMs());
    m.put("duration_ms", x.durationMs());
    m.put("finish_reason", x.finishReason() != null ? x.finishReason() : answer.finishReason());
    m.put("streamed", x.streamed());
    m.put("id", x.id());
    m.put("started_at", STARTED_AT.format(Instant.ofEpochMilli(x.startedAt())));
    m.put("conversation_id", x.conversationId().isEmpty() ? null : x.conversationId());
    m.put("turn", x.turn());
    m.put("cache_miss", x.cacheMiss().isEmpty() ? null : x.cacheMiss());
    return line;
  }

  private static boolean whole(CaptureBody b) {
    return !b.truncated() && b.decoded();
  }
}
