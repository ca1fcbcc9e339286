package dev.tokentap.app;

import dev.tokentap.export.ExportRequest;

/** {@code tokentap export ...}: the export to run. */
record ExportCommand(ExportRequest request) implements Command {}
