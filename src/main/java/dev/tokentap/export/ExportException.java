package dev.tokentap.export;

/** An export failed; the message is one line saying what and, where it helps, what to do. */
public final class ExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
