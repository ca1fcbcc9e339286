package dev.tokentap.app;

/**
 * The command line, or a value in it, is malformed; the message says how. {@link #usage()} is the
 * usage text of the command concerned ("" for a value checked on its own, e.g. from the config
 * file).
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String usage;

  UsageException(String message) {
    this(message, "");
  }

  UsageException(String message, String usage) {
    super(message);
    this.usage = usage;
  }

  String usage() {
    return usage;
  }
}
