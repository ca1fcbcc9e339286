package dev.tokentap.store;

/** Another TokenTap (this process or another one) already holds the data dir's lock. */
public final class DataDirInUseException extends StoreException {

  public DataDirInUseException(String message) {
    super(message);
  }
}
