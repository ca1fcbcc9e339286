package dev.tokentap.app;

/**
 * What the command line asks for: run TokenTap ({@link Options}), export ({@link ExportCommand}) or
 * prune ({@link PruneCommand}), or open a file ({@link OpenCommand}).
 */
sealed interface Command permits Options, ExportCommand, PruneCommand, OpenCommand {}
