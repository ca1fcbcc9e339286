package dev.tokentap.app;

/**
 * What the command line asks for: run TokenTap ({@link Options}) or export ({@link ExportCommand}).
 */
sealed interface Command permits Options, ExportCommand {}
