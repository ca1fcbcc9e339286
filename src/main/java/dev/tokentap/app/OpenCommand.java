package dev.tokentap.app;

import java.nio.file.Path;

/**
 * {@code tokentap --open FILE}: open a session or HAR file read-only and summarize it. There is no
 * window yet, so it always behaves as with {@code --headless}.
 */
record OpenCommand(Path file, boolean headless) implements Command {}
