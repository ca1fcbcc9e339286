package dev.tokentap.app;

/** TokenTap cannot start; the message is one line that names the problem and what to do. */
final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  StartupException(String message) {
    super(message);
  }

  /** With the store's exception as cause (the window tells "data dir in use" apart by it). */
  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
