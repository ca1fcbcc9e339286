package dev.tokentap.app;

import java.nio.file.Path;

/**
 * {@code tokentap --open FILE}: open a session or HAR file read-only in a window, or with {@code
 * --headless} summarize it on stdout.
 */
record OpenCommand(Path file, boolean headless) implements Command {}
