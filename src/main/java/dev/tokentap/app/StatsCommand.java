package dev.tokentap.app;

import dev.tokentap.export.UsageReport;
import dev.tokentap.store.UsageStats;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * {@code tokentap stats ...}: usage figures over a range.
 *
 * @param source a data dir's {@code tokentap.db}, or a session or HAR file ({@code fromSession})
 * @param model the model to count alone, or null for all
 * @param zone the wall clock of {@code today}, {@code month} and day or hour groups
 */
record StatsCommand(
    Path source,
    boolean fromSession,
    StatsRange range,
    UsageStats.By by,
    String model,
    UsageReport.Format format,
    ZoneId zone)
    implements Command {}
