package dev.tokentap.export;

import dev.tokentap.store.ExchangeFilter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One export: where from, which exchanges, which format, where to.
 *
 * @param source the database file read: a data dir's {@code tokentap.db} or a session file
 * @param fromSession true when {@code source} must be a session file ({@code --from})
 * @param filter which exchanges
 * @param format the output format (a supported one)
 * @param out the file written (replaced atomically if it exists)
 * @param withBodies false with {@code --no-bodies}: request and response bodies left out
 */
public record ExportRequest(
    Path source,
    boolean fromSession,
    ExchangeFilter filter,
    ExportFormat format,
    Path out,
    boolean withBodies) {

  public ExportRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
  }

  /** With bodies. */
  public ExportRequest(
      Path source, boolean fromSession, ExchangeFilter filter, ExportFormat format, Path out) {
    this(source, fromSession, filter, format, out, true);
  }
}
