package dev.tokentap.store;

/**
 * The store cannot do what was asked. The message is one line naming the problem and, when opening
 * failed, what the user can do about it.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What went wrong with a file, in words, without exception class names. */
  static String reason(Throwable e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return firstLine(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
  }

  /** The first line of a driver message, for one-line errors. */
  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
