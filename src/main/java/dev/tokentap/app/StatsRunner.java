package dev.tokentap.app;

import dev.tokentap.export.ExportException;
import dev.tokentap.export.ExportJob;
import dev.tokentap.export.OpenedSession;
import dev.tokentap.export.UsageReport;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.StoreException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code tokentap stats}: opens the data dir read-only (no lock: TokenTap may be recording
 * into it) or a session or HAR file, reads the report from the rollups and prints it on stdout.
 * Exit codes: 0 done, 1 the store cannot be read (one line on stderr).
 */
final class StatsRunner {

  /** Said once on stderr when a history older than the rollups is read row by row. */
  static final String ROWS_NOTE =
      "tokentap: this history has no per-minute summaries yet, so stats reads every exchange in"
          + " the range (slow on a long history); start TokenTap once on this data dir to build"
          + " them.";

  private StatsRunner() {}

  static int run(StatsCommand c, PrintStream out, PrintStream err) {
    ExchangeFilter filter = new ExchangeFilter(c.range().since(), c.range().until(), c.model());
    UsageReport report;
    try (OpenedSession session = c.fromSession() ? OpenedSession.open(c.source()) : null;
        ExchangeStore store =
            session != null ? session.store() : ExportJob.openDataDir(c.source())) {
      if (!store.readsRollups(filter)) {
        err.println(ROWS_NOTE);
      }
      report = UsageReport.read(store, c.range().text(), filter, c.by(), c.zone());
    } catch (ExportException | StoreException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
    try {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      report.write(c.format(), w);
      w.flush();
    } catch (IOException e) {
      err.println("tokentap: cannot write the figures: " + e.getMessage());
      return 1;
    }
    return out.checkError() ? 1 : 0;
  }
}
