package dev.tokentap.export;

import dev.tokentap.store.UsageStats;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link UsageReport} as a table for people: a line saying the range, then aligned columns (text
 * left, figures right), thousands separators, a dash for what no exchange reported, speeds with one
 * decimal, times to first token in ms (or s from one second on), the hit rate in per cent.
 */
final class UsageTable {

  /** What the table shows where a figure is not reported. */
  static final String UNKNOWN = "—";

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  private static final List<String> HEADER =
      List.of(
          "requests",
          "errors",
          "prompt",
          "cached",
          "generated",
          "cache hit",
          "gen tok/s",
          "p90",
          "TTFT",
          "p90",
          "no usage");

  private UsageTable() {}

  static void write(UsageReport report, Writer w) throws IOException {
    w.write(caption(report));
    w.write(System.lineSeparator());
    w.write(System.lineSeparator());
    List<String> groupHeader =
        switch (report.by()) {
          case ALL -> List.of("");
          case CLIENT -> List.of("client", "address", "key");
          default -> List.of(report.byName());
        };
    int groupColumns = groupHeader.size();
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(groupHeader);
    header.addAll(HEADER);
    lines.add(header);
    for (UsageStats s : report.rows()) {
      lines.add(line(report, s));
    }
    lines.add(line(report, report.total()));
    int[] width = new int[header.size()];
    for (List<String> l : lines) {
      for (int i = 0; i < l.size(); i++) {
        width[i] = Math.max(width[i], l.get(i).codePointCount(0, l.get(i).length()));
      }
    }
    for (List<String> l : lines) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < l.size(); i++) {
        String cell = l.get(i);
        String pad = " ".repeat(width[i] - cell.codePointCount(0, cell.length()));
        if (i > 0) {
          b.append("  ");
        }
        b.append(i < groupColumns ? cell + pad : pad + cell);
      }
      w.write(b.toString().stripTrailing());
      w.write(System.lineSeparator());
    }
  }

  /** "today: 2026-12-04 00:00 .. 2026-12-04 23:20 (Europe/Berlin), model qwen3-8b". */
  static String caption(UsageReport r) {
    ZoneId zone = r.zone();
    String since = r.filter().since() == null ? "the first" : when(r.filter().since(), zone);
    String until = r.filter().until() == null ? "the last" : when(r.filter().until(), zone);
    String model = r.filter().model() == null ? "" : ", model " + r.filter().model();
    return r.range() + ": " + since + " .. " + until + " (" + zone.getId() + ")" + model;
  }

  private static String when(Instant t, ZoneId zone) {
    return WHEN.format(t.atZone(zone));
  }

  private static List<String> line(UsageReport report, UsageStats s) {
    List<String> l = new ArrayList<>();
    for (String cell : report.groupCells(s)) {
      l.add(group(report, cell, s == report.total()));
    }
    l.add(count(s.requests()));
    l.add(count(s.errors()));
    l.add(count(s.promptTokens()));
    l.add(count(s.cachedTokens()));
    l.add(count(s.completionTokens()));
    l.add(s.cacheHitRate() == null ? UNKNOWN : format("%.1f %%", s.cacheHitRate() * 100));
    l.add(s.medianGenTps() == null ? UNKNOWN : format("%.1f", s.medianGenTps()));
    l.add(s.p90GenTps() == null ? UNKNOWN : format("%.1f", s.p90GenTps()));
    l.add(millis(s.medianTtftMs()));
    l.add(millis(s.p90TtftMs()));
    l.add(count(s.usageMissing()));
    return l;
  }

  /** A group's cell: a model without a name is "(none)", an hour "2026-12-04 13:00". */
  private static String group(UsageReport report, String cell, boolean total) {
    if (total) {
      return cell;
    }
    return switch (report.by()) {
      case MODEL -> cell == null ? "(none)" : cell;
      case HOUR -> cell.replace('T', ' ');
      default -> cell == null ? UNKNOWN : cell;
    };
  }

  private static String count(Long n) {
    return n == null ? UNKNOWN : format("%,d", n);
  }

  /** "850 ms", "1.24 s". */
  static String millis(Double ms) {
    if (ms == null) {
      return UNKNOWN;
    }
    return ms < 999.5 ? format("%.0f ms", ms) : format("%.2f s", ms / 1000);
  }

  private static String format(String pattern, Object value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
