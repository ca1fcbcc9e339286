package dev.tokentap.app;

import dev.tokentap.export.ExportFormat;
import dev.tokentap.export.ExportRequest;
import dev.tokentap.store.ExchangeFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code tokentap export}: recorded exchanges to a file. TIME values are read by the converter
 * {@link Cli} registers for {@link Instant} (relative spans count back from its clock).
 */
@CommandLine.Command(
    name = "export",
    synopsisHeading = "Export: ",
    descriptionHeading = "%n",
    description = {
      "Writes the recorded exchanges to FILE (atomically: complete or not at all).",
      "Reads the data dir read-only, so it works while TokenTap runs.%n"
    },
    footerHeading = "%n",
    footer = {
      "TIME: ISO-8601 (2026-11-22T10:00:00Z) or a span back from now",
      "(90s, 30m, 2h, 7d)."
    },
    sortOptions = false,
    sortSynopsis = false)
final class ExportCli implements CliCommand {

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = {
        "the file written; its extension picks the format:",
        ".tokentap (a session file: SQLite, captures",
        "included), .csv, .har (HAR 1.2, redacted captures",
        "included) or .jsonl (chat exchanges as a",
        "fine-tuning dataset)"
      })
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "session, csv, har or jsonl, whatever the extension")
  String format;

  @Mixin SourceOptions source;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "exchanges started at or after TIME")
  Instant since;

  @Option(names = "--until", paramLabel = "TIME", description = "exchanges started before TIME")
  Instant until;

  @Option(names = "--model", paramLabel = "NAME", description = "exchanges of this model only")
  String model;

  @Option(
      names = "--search",
      paramLabel = "TEXT",
      description = {
        "exchanges whose captured prompt or answer, path,",
        "model, status, error or client contains TEXT,",
        "ignoring case (the window's filter field; inside",
        "bodies from 3 characters on)"
      })
  String search;

  @Option(
      names = "--no-bodies",
      description = "leave request and response bodies out (session, har)")
  boolean noBodies;

  @Mixin HelpOption help;

  @Override
  public String messagePrefix() {
    return "export: ";
  }

  @Override
  public Command command(ParseResult parsed, Map<String, String> env) throws UsageException {
    Path file = source.source("export", env);
    if (since != null && until != null && !since.isBefore(until)) {
      throw new UsageException("export: --since must be before --until");
    }
    ExportFormat f = format();
    if (noBodies && f == ExportFormat.JSONL) {
      throw new UsageException(
          "export: a JSONL dataset is made of the bodies; --no-bodies would leave nothing to write");
    }
    return new ExportCommand(
        new ExportRequest(
            file,
            source.fromSession(),
            new ExchangeFilter(since, until, model).withText(search),
            f,
            out,
            !noBodies));
  }

  private ExportFormat format() throws UsageException {
    if (format != null) {
      return ExportFormat.byName(format)
          .orElseThrow(
              () ->
                  new UsageException(
                      "export: unknown --format '" + format + "' (session, csv, har or jsonl)"));
    }
    return ExportFormat.byExtension(out)
        .orElseThrow(
            () ->
                new UsageException(
                    "export: cannot tell the format from '"
                        + out.getFileName()
                        + "': name the file .tokentap, .csv, .har or .jsonl,"
                        + " or give --format session|csv|har|jsonl"));
  }
}
