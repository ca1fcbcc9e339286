package dev.tokentap.app;

import dev.tokentap.model.ByteSize;
import dev.tokentap.store.DataDirInUseException;
import dev.tokentap.store.ExchangeStore;
import dev.tokentap.store.PruneResult;
import dev.tokentap.store.RetentionPolicy;
import dev.tokentap.store.StoreException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs {@code tokentap prune}: takes the data dir's lock like TokenTap, applies the policy and says
 * what it removed in one line. Exit codes: 0 done (also when nothing was over a limit), 1 failed or
 * TokenTap is running on the data dir.
 */
final class PruneRunner {

  private PruneRunner() {}

  static int run(Path dataDir, RetentionPolicy policy, PrintStream err) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve(ExchangeStore.DATABASE_FILE))) {
      err.println(
          "tokentap: no " + ExchangeStore.DATABASE_FILE + " in " + dir + ": nothing to prune.");
      return 1;
    }
    try (ExchangeStore store = ExchangeStore.open(dir)) {
      if (store.privacyNote() != null) {
        err.println("tokentap: " + store.privacyNote());
      }
      PruneResult r = store.prune(policy);
      err.printf(
          Locale.ROOT,
          "tokentap: pruned %,d captures (%s) and %,d exchanges%s; database %s -> %s%n",
          r.captures(),
          ByteSize.format(r.captureBytes()),
          r.exchanges(),
          r.summaries() == 0
              ? ""
              : String.format(Locale.ROOT, " (and %,d summaries)", r.summaries()),
          ByteSize.format(r.fileBytesBefore()),
          ByteSize.format(r.fileBytesAfter()));
      return 0;
    } catch (DataDirInUseException e) {
      err.println(
          "tokentap: TokenTap is running on "
              + dir
              + "; it applies the retention limits itself (at start and every minute): stop it"
              + " to prune by hand.");
      return 1;
    } catch (StoreException e) {
      err.println("tokentap: " + e.getMessage());
      return 1;
    }
  }
}
