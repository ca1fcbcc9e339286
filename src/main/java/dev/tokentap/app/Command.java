package dev.tokentap.app;

/**
 * What the command line asks for: run TokenTap ({@link Options}), export ({@link ExportCommand}) or
 * prune ({@link PruneCommand}), stats ({@link StatsCommand}), replay ({@link ReplayCommand}), open
 * a file ({@link OpenCommand}), or print help ({@link HelpText}).
 */
sealed interface Command
    permits Options,
        ExportCommand,
        PruneCommand,
        StatsCommand,
        ReplayCommand,
        OpenCommand,
        HelpText {}
