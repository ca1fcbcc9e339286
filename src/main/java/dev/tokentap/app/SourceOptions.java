package dev.tokentap.app;

import dev.tokentap.store.ExchangeStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR | --from FILE}: what {@code export} and {@code stats} read. */
final class SourceOptions {

  @Mixin DataDirOption dataDir;

  @Option(
      names = "--from",
      paramLabel = "FILE",
      description = "read a session (or HAR) file instead of a data dir")
  Path from;

  /** True with {@code --from}. */
  boolean fromSession() {
    return from != null;
  }

  /**
   * The file read: the one {@code --from} names, else the data dir's {@code tokentap.db}.
   *
   * @param command the command's name, for the message when both are given
   */
  Path source(String command, Map<String, String> env) throws UsageException {
    if (dataDir.dir != null && from != null) {
      throw new UsageException(command + " takes --data-dir or --from, not both");
    }
    return from != null ? from : dataDir.orDefault(env).resolve(ExchangeStore.DATABASE_FILE);
  }
}
