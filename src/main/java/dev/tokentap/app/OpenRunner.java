package dev.tokentap.app;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.store.SessionSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code tokentap --open FILE} headless: opens the file read-only (a HAR file is imported into
 * a temporary session first), prints a short summary on stdout and closes it again, deleting the
 * temporary files. Exit codes: 0 done, 1 the file cannot be opened (one line on stderr).
 */
final class OpenRunner {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private OpenRunner() {}

  static int run(OpenCommand command, PrintStream out, PrintStream err) {
    try (OpenedSession session = OpenedSession.open(command.file())) {
      print(
          session.file().toAbsolutePath().normalize().toString(),
          session.detail(),
          session.store().summary(),
          out);
      return 0;
    } catch (ExportException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
  }

  static void print(String file, String format, SessionSummary s, PrintStream out) {
    out.println("file       " + file);
    out.println("format     " + format);
    out.printf(Locale.ROOT, "exchanges  %,d (%,d errors)%n", s.exchanges(), s.errors());
    if (s.firstStartedAt() != null) {
      out.println(
          "time       "
              + TIME.format(Instant.ofEpochMilli(s.firstStartedAt()))
              + " .. "
              + TIME.format(Instant.ofEpochMilli(s.lastStartedAt())));
    }
    if (s.models().isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"model", "requests", "prompt", "cached", "completion", "gen tok/s (median)"});
    for (SessionSummary.Model m : s.models()) {
      rows.add(
          new String[] {
            m.model() == null ? "(none)" : m.model(),
            String.format(Locale.ROOT, "%,d", m.requests()),
            count(m.promptTokens()),
            count(m.cachedTokens()),
            count(m.completionTokens()),
            m.medianGenTps() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.medianGenTps())
          });
    }
    int[] width = new int[rows.getFirst().length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    out.println();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder(r[0]).append(" ".repeat(width[0] - r[0].length()));
      for (int i = 1; i < r.length; i++) {
        b.append("  ").append(" ".repeat(width[i] - r[i].length())).append(r[i]);
      }
      out.println(b);
    }
  }

  private static String count(Long v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%,d", v);
  }
}
