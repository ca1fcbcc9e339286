package dev.tokentap.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.UsageStats;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What {@code tokentap stats} prints: usage per group ({@link UsageStats}) over one range, and the
 * total, written as a table for people, JSON for scripts or CSV. Unknown figures (no exchange
 * reported them) are a dash in the table, {@code null} in JSON and an empty cell in CSV, never 0.
 *
 * @param range what the range was called ({@code today}, {@code 7d}, {@code 2026-12-01..})
 * @param filter the range and model read
 * @param by the grouping; {@link UsageStats.By#ALL} for the total alone
 * @param zone the wall clock of day and hour groups
 * @param rows one per group, empty for {@link UsageStats.By#ALL}
 * @param total all the exchanges of the range
 */
public record UsageReport(
    String range,
    ExchangeFilter filter,
    UsageStats.By by,
    ZoneId zone,
    List<UsageStats> rows,
    UsageStats total) {

  /** The version of the JSON's shape; a field removed or changing meaning bumps it. */
  public static final int FORMAT_VERSION = 1;

  /** The metric columns of CSV (and the JSON fields), after the group's. */
  static final List<String> METRICS =
      List.of(
          "requests",
          "errors",
          "prompt_tokens",
          "cached_tokens",
          "completion_tokens",
          "cache_hit_rate",
          "median_gen_tps",
          "p90_gen_tps",
          "median_ttft_ms",
          "p90_ttft_ms",
          "usage_missing");

  /** How the report is written. */
  public enum Format {
    TABLE,
    JSON,
    CSV
  }

  /** Reads the report of {@code filter} from {@code store}: the groups of {@code by}, the total. */
  public static UsageReport read(
      ExchangeStore store, String range, ExchangeFilter filter, UsageStats.By by, ZoneId zone) {
    List<UsageStats> all = store.usage(filter, UsageStats.By.ALL, zone);
    UsageStats total = all.isEmpty() ? empty() : all.getFirst();
    List<UsageStats> rows = by == UsageStats.By.ALL ? List.of() : store.usage(filter, by, zone);
    return new UsageReport(range, filter, by, zone, rows, total);
  }

  /** The total of a range without exchanges. */
  private static UsageStats empty() {
    return new UsageStats(
        "all", null, null, null, null, 0, 0, null, null, null, null, null, null, null, null, 0);
  }

  /** Writes the report in {@code format}. */
  public void write(Format format, Writer w) throws IOException {
    switch (format) {
      case TABLE -> UsageTable.write(this, w);
      case JSON -> writeJson(w);
      case CSV -> writeCsv(w);
    }
    w.flush();
  }

  /** The name of the grouping as written ({@code model}, {@code client}...; {@code all}). */
  public String byName() {
    return by.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The figures of {@code s} in the order of {@link #METRICS}, as JSON and CSV write them; null
   * where unknown. Speeds and times are rounded to 2 decimals, the hit rate (a fraction) to 4: the
   * medians and p90s are within 1 % anyway.
   */
  static Number[] figures(UsageStats s) {
    return new Number[] {
      s.requests(),
      s.errors(),
      s.promptTokens(),
      s.cachedTokens(),
      s.completionTokens(),
      round(s.cacheHitRate(), 10_000),
      round(s.medianGenTps(), 100),
      round(s.p90GenTps(), 100),
      round(s.medianTtftMs(), 100),
      round(s.p90TtftMs(), 100),
      s.usageMissing()
    };
  }

  /** {@code v} rounded to the nearest {@code 1 / scale}; null stays null. */
  public static Double round(Double v, int scale) {
    return v == null ? null : Math.round(v * scale) / (double) scale;
  }

  private void writeJson(Writer w) throws IOException {
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("format_version", FORMAT_VERSION);
      g.writeStringField("range", range);
      g.writeStringField("since", iso(filter.since()));
      g.writeStringField("until", iso(filter.until()));
      g.writeStringField("zone", zone.getId());
      g.writeStringField("by", by == UsageStats.By.ALL ? null : byName());
      g.writeStringField("model", filter.model());
      g.writeArrayFieldStart("rows");
      for (UsageStats s : rows) {
        jsonRow(g, s);
      }
      g.writeEndArray();
      g.writeFieldName("total");
      jsonRow(g, total);
      g.writeEndObject();
    }
    w.write(System.lineSeparator());
  }

  private void jsonRow(JsonGenerator g, UsageStats s) throws IOException {
    g.writeStartObject();
    g.writeStringField("group", s.group());
    if (s != total && by == UsageStats.By.CLIENT) {
      g.writeStringField("user_agent", s.userAgent());
      g.writeStringField("address", s.address());
      g.writeStringField("key_fingerprint", s.credentialFp());
    }
    if (s != total && s.periodStart() != null) {
      g.writeStringField("start", iso(Instant.ofEpochMilli(s.periodStart())));
    }
    Number[] n = figures(s);
    for (int i = 0; i < n.length; i++) {
      g.writeFieldName(METRICS.get(i));
      switch (n[i]) {
        case null -> g.writeNull();
        case Long l -> g.writeNumber(l);
        default -> g.writeNumber(n[i].doubleValue());
      }
    }
    g.writeEndObject();
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  /** The group's columns of CSV and the table: a client is three. */
  List<String> groupColumns() {
    return switch (by) {
      case ALL -> List.of("group");
      case CLIENT -> List.of("user_agent", "address", "key_fingerprint");
      default -> List.of(byName());
    };
  }

  /** A row's group cells; the total row is {@code total} (the others empty). */
  List<String> groupCells(UsageStats s) {
    if (s == total) {
      return by == UsageStats.By.CLIENT ? List.of("total", "", "") : List.of("total");
    }
    return by == UsageStats.By.CLIENT
        ? Arrays.asList(s.userAgent(), s.address(), s.credentialFp())
        : Collections.singletonList(s.group());
  }

  /** RFC 4180, CRLF line ends, a header row, the groups, then the total. */
  private void writeCsv(Writer w) throws IOException {
    List<String> header = new ArrayList<>(groupColumns());
    header.addAll(METRICS);
    w.write(String.join(",", header));
    w.write("\r\n");
    for (UsageStats s : rows) {
      csvRow(w, s);
    }
    csvRow(w, total);
  }

  private void csvRow(Writer w, UsageStats s) throws IOException {
    boolean first = true;
    for (String cell : groupCells(s)) {
      if (!first) {
        w.write(',');
      }
      first = false;
      CsvExporter.text(w, cell);
    }
    for (Number n : figures(s)) {
      w.write(',');
      if (n instanceof Double d) {
        w.write(CsvExporter.real(d));
      } else if (n != null) {
        w.write(n.toString());
      }
    }
    w.write("\r\n");
  }
}
