package dev.tokentap.app;

/**
 * What the command line asks for: run TokenTap ({@link Options}), export ({@link ExportCommand}) or
 * open a file ({@link OpenCommand}).
 */
sealed interface Command permits Options, ExportCommand, OpenCommand {}
