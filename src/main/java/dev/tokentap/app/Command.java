package dev.tokentap.app;

/**
 * What the command line asks for: run TokenTap ({@link Options}), export ({@link ExportCommand}) or
 * prune ({@link PruneCommand}).
 */
sealed interface Command permits Options, ExportCommand, PruneCommand {}
