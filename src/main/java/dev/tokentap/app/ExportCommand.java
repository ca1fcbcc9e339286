package dev.tokentap.app;

import dev.tokentap.export.ExportRequest;

/**
 * {@code tokentap export ...}: the export to run, or {@code help} for {@code export --help}.
 *
 * @param request null when {@code help}
 */
record ExportCommand(ExportRequest request, boolean help) implements Command {}
