package dev.tokentap.app;

import java.nio.file.Path;

/**
 * {@code tokentap prune ...}: apply the retention limits now.
 *
 * @param retention the limits given as flags (unset ones come from the config file)
 */
record PruneCommand(Path dataDir, RetentionConfig retention) implements Command {}
