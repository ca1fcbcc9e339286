package dev.tokentap.app;

import dev.tokentap.app.CommandLine.UsageException;
import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportRequest;
import dev.tokentap.export.ExportTime;
import dev.tokentap.store.ExchangeFilter;
import dev.tokentap.store.ExchangeStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Parses the arguments after {@code export}. */
final class ExportCommandLine {

  private ExportCommandLine() {}

  static ExportCommand parse(String[] args, int first, Map<String, String> env, Instant now)
      throws UsageException {
    Path out = null;
    String format = null;
    Path dataDir = null;
    Path from = null;
    Instant since = null;
    Instant until = null;
    String model = null;
    boolean withBodies = true;
    Flags a = new Flags(args, first, "export: ");
    while (a.next()) {
      String name = a.name();
      switch (name) {
        case "--help", "-h" -> {
          return new ExportCommand(null, true);
        }
        case "--out" -> out = Path.of(a.value());
        case "--format" -> format = a.value();
        case "--data-dir" -> dataDir = Path.of(a.value());
        case "--from" -> from = Path.of(a.value());
        case "--since" -> since = time(name, a.value(), now);
        case "--until" -> until = time(name, a.value(), now);
        case "--model" -> model = a.value();
        case "--no-bodies" -> withBodies = !a.on();
        default -> throw new UsageException("export: unknown option: " + a.arg());
      }
    }
    if (out == null) {
      throw new UsageException("export needs --out FILE");
    }
    if (dataDir != null && from != null) {
      throw new UsageException("export takes --data-dir or --from, not both");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new UsageException("export: --since must be before --until");
    }
    ExportFormat f = format(format, out);
    if (!withBodies && f == ExportFormat.JSONL) {
      throw new UsageException(
          "export: a JSONL dataset is made of the bodies; --no-bodies would leave nothing to write");
    }
    boolean fromSession = from != null;
    Path source =
        fromSession
            ? from
            : (dataDir != null ? dataDir : CommandLine.defaultDataDir(env))
                .resolve(ExchangeStore.DATABASE_FILE);
    return new ExportCommand(
        new ExportRequest(
            source, fromSession, new ExchangeFilter(since, until, model), f, out, withBodies),
        false);
  }

  private static ExportFormat format(String name, Path out) throws UsageException {
    ExportFormat f;
    if (name != null) {
      f =
          ExportFormat.byName(name)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "export: unknown --format '" + name + "' (session, csv, har or jsonl)"));
    } else {
      f =
          ExportFormat.byExtension(out)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "export: cannot tell the format from '"
                              + out.getFileName()
                              + "': name the file .tokentap, .csv, .har or .jsonl,"
                              + " or give --format session|csv|har|jsonl"));
    }
    return f;
  }

  private static Instant time(String flag, String text, Instant now) throws UsageException {
    try {
      return ExportTime.parse(text, now);
    } catch (IllegalArgumentException e) {
      throw new UsageException("export: " + flag + " " + e.getMessage());
    }
  }
}
