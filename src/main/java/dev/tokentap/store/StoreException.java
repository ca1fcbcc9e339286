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

  /** The first line of a driver message, for one-line errors. */
  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
