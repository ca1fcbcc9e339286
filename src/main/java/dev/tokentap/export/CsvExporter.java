package dev.tokentap.export;

import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoredExchange;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * CSV (RFC 4180): a header row with the first 18 columns of {@code exchanges} (the public contract,
 * in table order), the conversation columns ({@code conversation_id}, {@code turn}, {@code
 * cache_miss}, {@code cache_note}, {@code cache_lost_tokens}) and {@code replay_of}, one row per
 * exchange by increasing id, CRLF line ends, UTF-8 without BOM.
 *
 * <ul>
 *   <li>{@code started_at}: ISO-8601 UTC with milliseconds, {@code 2026-11-22T10:00:00.123Z}
 *   <li>NULL (unknown): an empty cell; {@code streamed}: {@code 0} or {@code 1}
 *   <li>INTEGER columns: decimal digits; REAL columns: the shortest decimal that reads back as the
 *       same double ({@link Double#toString}), written plain, never with an exponent ({@code
 *       0.00001}, not {@code 1.0E-5})
 *   <li>a field with a comma, a double quote, CR or LF is quoted, its quotes doubled
 * </ul>
 */
public final class CsvExporter implements Exporter {

  /** The columns written, in order. */
  public static final List<String> COLUMNS =
      Stream.concat(
              StoredExchange.COLUMNS.subList(0, 18).stream(),
              Stream.of(
                  "conversation_id",
                  "turn",
                  "cache_miss",
                  "cache_note",
                  "cache_lost_tokens",
                  "replay_of"))
          .toList();

  private static final String CRLF = "\r\n";
  private static final DateTimeFormatter STARTED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public long export(ExchangeStore store, ExchangeFilter filter, Path file, LongConsumer progress)
      throws IOException {
    try (Writer w =
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
      w.write(String.join(",", COLUMNS));
      w.write(CRLF);
      long[] n = {0};
      store.forEach(
          filter,
          x -> {
            writeRow(w, x);
            progress.accept(++n[0]);
          });
      return n[0];
    }
  }

  static void writeRow(Writer w, StoredExchange x) throws IOException {
    w.write(Long.toString(x.id()));
    w.write(',');
    w.write(STARTED_AT.format(Instant.ofEpochMilli(x.startedAt())));
    w.write(',');
    text(w, x.method());
    w.write(',');
    text(w, x.path());
    w.write(',');
    text(w, x.model());
    w.write(',');
    number(w, x.status());
    w.write(',');
    w.write(x.streamed() ? "1" : "0");
    w.write(',');
    real(w, x.ttftMs());
    w.write(',');
    real(w, x.durationMs());
    w.write(',');
    number(w, x.promptTokens());
    w.write(',');
    number(w, x.cachedTokens());
    w.write(',');
    number(w, x.completionTokens());
    w.write(',');
    real(w, x.promptTps());
    w.write(',');
    real(w, x.genTps());
    w.write(',');
    w.write(Long.toString(x.requestBytes()));
    w.write(',');
    w.write(Long.toString(x.responseBytes()));
    w.write(',');
    text(w, x.outcome() == null ? null : x.outcome().code());
    w.write(',');
    text(w, x.error());
    w.write(',');
    text(w, x.conversationId());
    w.write(',');
    number(w, x.turn());
    w.write(',');
    text(w, x.cacheMiss());
    w.write(',');
    text(w, x.cacheNote());
    w.write(',');
    number(w, x.cacheLostTokens());
    w.write(',');
    number(w, x.replayOf());
    w.write(CRLF);
  }

  private static void number(Writer w, Number n) throws IOException {
    if (n != null) {
      w.write(n.toString());
    }
  }

  private static void real(Writer w, Double d) throws IOException {
    if (d != null) {
      w.write(real(d));
    }
  }

  /**
   * A REAL as written: {@link Double#toString}, expanded to plain digits when it has an exponent.
   */
  static String real(double d) {
    String s = Double.toString(d);
    if (s.indexOf('E') < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
      return s;
    }
    String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  /** A text field, quoted when RFC 4180 says so. */
  static void text(Writer w, String s) throws IOException {
    if (s == null || s.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      w.write(s);
      return;
    }
    w.write('"');
    w.write(s.replace("\"", "\"\""));
    w.write('"');
  }
}
